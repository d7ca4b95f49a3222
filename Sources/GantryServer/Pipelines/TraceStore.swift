import Foundation
import GantryEngine
import GantryStore

/// Jobs' traces: a runner's patches (`PATCH /jobs/:id/trace`) appended to the job's trace file,
/// whose size the store keeps, and the server's own lines (a lost runner's error). Used under
/// the coordinator's lock only.
struct TraceStore {
    let store: any Store
    let data: DataDirectory
    /// The most bytes of a runner's output kept for one job (`--max-job-log-size`).
    let limit: Int

    enum Outcome {
        case accepted(size: Int)
        /// `offset` is not the trace's end: the runner resends from `size`.
        case rangeMismatch(size: Int)
        /// The job is not running (the job's status now, when it is known).
        case forbidden(JobStatus?)
    }

    /// Appends a runner's bytes at `offset`, which must be the trace's current size; a patch is
    /// also a heartbeat. Past `limit` the trace ends with a notice (the user sees why it stops)
    /// and later bytes are acknowledged and dropped, so the runner goes on with the job, as with
    /// GitLab's runner `output_limit`.
    func append(_ job: JobRecord, bytes: Data, offset: Int) throws -> Outcome {
        guard var row = try store.job(id: job.id) else { return .forbidden(nil) }
        guard row.status == .running else { return .forbidden(row.status) }
        // The offset is the runner's word: one past any size is refused before it is added to.
        guard offset >= 0, !offset.addingReportingOverflow(bytes.count).overflow else { return .rangeMismatch(size: row.traceSize) }
        row.lastHeartbeatAt = Date()
        // Only a cut trace is longer than the limit: the notice is past it.
        if row.traceSize > limit {
            try store.updateJob(row)
            return .accepted(size: offset + bytes.count)
        }
        guard offset == row.traceSize else { return .rangeMismatch(size: row.traceSize) }
        guard offset + bytes.count > limit else {
            try write(&row, bytes)
            return .accepted(size: row.traceSize)
        }
        let notice = "\n\u{1B}[31;1mJob's log exceeded limit of \(limit) bytes.\n"
            + "Job execution will continue but no more output will be collected.\u{1B}[0;m\n"
        try write(&row, bytes.prefix(limit - offset) + Data(notice.utf8))
        return .accepted(size: offset + bytes.count)
    }

    /// At a running job's end: when the runner says its log was longer than what arrived (and
    /// the server did not cut it), the log says the end is missing rather than stopping short.
    func noteMissingEnd(_ job: JobRecord, runnerSize: Int) {
        guard let row = try? store.job(id: job.id), row.status == .running, row.traceSize < runnerSize, row.traceSize <= limit else { return }
        appendLine(job.id, "\n\u{1B}[31;1mWARNING: the runner wrote \(runnerSize) bytes of this job's log but the server received "
            + "\(row.traceSize): the end of the log is missing\u{1B}[0;m\n")
    }

    /// A line of the server's own at the end of a job's trace.
    func appendLine(_ jobID: Int, _ text: String) {
        guard var row = try? store.job(id: jobID) else { return }
        try? write(&row, Data(text.utf8))
    }

    /// Appends to a job's trace file at the size the store knows (dropping anything a cut write
    /// left past it) and records the new size.
    private func write(_ row: inout JobRecord, _ bytes: Data) throws {
        let file = data.trace(jobID: row.id)
        if !FileManager.default.fileExists(atPath: file.path) { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(row.traceSize))
        try handle.seekToEnd()
        try handle.write(contentsOf: bytes)
        row.traceSize += bytes.count
        try store.updateJob(row)
    }
}
