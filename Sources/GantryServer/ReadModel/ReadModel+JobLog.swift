import Foundation
import GantryEngine
import GantryStore

/// The job page: a job's details and its log, read in bounded ranges of the trace file. Access as
/// the API's job routes: whoever sees the project sees the job; its log needs the API's
/// `read_build` rule (`buildsProject`: Reporter and above on a private project); Developers act.
extension ReadModel {
    public struct JobDetail: Sendable {
        public let record: JobRecord
        public let status: DetailedStatus
        public let pipeline: PipelineRecord
        public let runner: String?
        public let commitTitle: String?
        public let canReadLog: Bool
        public let canPlay: Bool
        public let canRetry: Bool
        public let canCancel: Bool
        /// Seconds between entering the queue and starting (GitLab's queued_duration).
        public var queuedDuration: Double? {
            let queued = record.queuedAt ?? record.createdAt
            return (record.startedAt ?? (record.status.isCompleted ? nil : Date())).map { $0.timeIntervalSince(queued) }
        }
        public var duration: Double? {
            record.duration ?? record.startedAt.map { (record.finishedAt ?? Date()).timeIntervalSince($0) }
        }
    }

    /// Bytes of log a page or a poll answers with at most.
    public static let logChunk = 256 << 10

    public func job(_ id: Int, of project: ProjectRecord, for visitor: Visitor) throws -> JobDetail? {
        guard let j = try store.job(id: id), j.projectID == project.id, let p = try store.pipeline(id: j.pipelineID) else { return nil }
        let canAct = visitor.user != nil && access.role(of: visitor.principal, in: project) >= Role.developer
        return JobDetail(record: j, status: DetailedStatus(j.status.rawValue, pipeline: false), pipeline: p,
                         runner: try j.runnerID.flatMap { try store.runner(id: $0) }.map { "#\($0.id) \($0.description)" },
                         commitTitle: CommitCache(data: data).commit(project: project.id, sha: p.sha)?.title,
                         canReadLog: access.canDownloadCode(project, visitor.principal),
                         canPlay: canAct && j.status == .manual && !j.retried,
                         canRetry: canAct && !j.retried && [.failed, .canceled, .success].contains(j.status),
                         canCancel: canAct && !j.retried && j.status.isCancelable)
    }

    /// The job's trace when the visitor may read logs; nil otherwise.
    public func trace(of job: JobDetail) -> TraceReader? {
        guard job.canReadLog else { return nil }
        return TraceReader(file: data.trace(jobID: job.record.id), size: job.record.traceSize)
    }

    /// The trace file for the raw log download (nil: no log yet, or not the visitor's to read).
    public func traceFile(of job: JobDetail) -> URL? {
        let file = data.trace(jobID: job.record.id)
        return job.canReadLog && FileManager.default.fileExists(atPath: file.path) ? file : nil
    }

    /// A running log's next whole lines from `offset`, waiting up to `wait` seconds for them (a
    /// long-poll, checked every quarter second so that a line reaches the page within a second);
    /// empty when nothing came. The job's row as read last comes with it (its status ends the poll).
    public func follow(_ job: JobDetail, from offset: Int, firstLine: Int, wait: TimeInterval) throws
        -> (slice: TraceReader.Slice, job: JobRecord)? {
        guard job.canReadLog else { return nil }
        let deadline = Date().addingTimeInterval(wait)
        while true {
            guard let row = try store.job(id: job.record.id) else { return nil }
            let reader = TraceReader(file: data.trace(jobID: row.id), size: row.traceSize)
            let slice = reader.after(offset, limit: ReadModel.logChunk, complete: row.status.isCompleted, firstLine: firstLine)
            if !slice.bytes.isEmpty || row.status.isCompleted || Date() >= deadline { return (slice, row) }
            Thread.sleep(forTimeInterval: 0.25)
        }
    }
}
