import Foundation
import GantryEngine
import GantryExecution
import GantryStore

/// The pipelines the server is moving, in memory, and the step every change ends with: the
/// engine advances (`PipelineState`) and whatever changed is written to the store, pending jobs
/// queued. The store is the truth: a pipeline that waits for nothing but a user leaves memory,
/// and `PipelineRecovery` brings it back. Used under the coordinator's lock only.
final class LivePipelines {
    let store: any Store
    let data: DataDirectory
    let queue: JobQueue
    private var active: [Int: ActivePipeline] = [:]

    init(store: any Store, data: DataDirectory, queue: JobQueue) {
        self.store = store
        self.data = data
        self.queue = queue
    }

    subscript(pipelineID: Int) -> ActivePipeline? {
        get { active[pipelineID] }
        set { active[pipelineID] = newValue }
    }

    /// Pipelines with a delayed job that is due by `now`.
    func due(at now: Date) -> [Int] {
        active.compactMap { id, p in p.state.nextScheduledTime.map { $0 <= p.clock(now) } == true ? id : nil }
    }

    /// Advances the engine and writes every job whose status changed, and the pipeline's status.
    func advance(_ pipelineID: Int, now: Date = Date()) throws {
        guard var p = active[pipelineID] else { return }
        _ = p.state.advance(now: p.clock(now))
        for job in p.plan.jobs {
            guard var row = p.rows[job.name] else { continue }
            let status = p.state.status(of: job.name)
            if status == .pending && (row.status != .pending || row.retried) {
                if row.retried || row.status == .running || row.status.isCompleted {
                    // A new attempt (retry:, or the API's retry): a new row, the old one kept as retried.
                    if !row.retried {
                        row.retried = true
                        try store.updateJob(row)
                    }
                    row = try store.createJob(JobRecord(pipelineID: pipelineID, projectID: row.projectID, name: row.name, stage: row.stage,
                                                        stageIndex: row.stageIndex, when: row.when, allowFailure: row.allowFailure,
                                                        tags: row.tags, createdAt: now, attempt: row.attempt + 1))
                }
                row.status = .pending
                row.queuedAt = now
                try store.updateJob(row)
                queue.append(row.id)
            } else if row.status != status {
                row.status = status
                if status.isCompleted {
                    row.finishedAt = row.finishedAt ?? now
                    // A canceled job keeps its token: its runner's next call is answered with the
                    // status (GitLab's `Job-Status: canceled`) and stops the job. Every use of a job
                    // token checks that the job runs.
                    if status != .canceled { row.tokenDigest = nil }
                    if let started = row.startedAt { row.duration = row.duration ?? now.timeIntervalSince(started) }
                }
                try store.updateJob(row)
            }
            p.rows[job.name] = row
        }
        let status = p.state.pipelineStatus
        if p.record.status != status {
            p.record.status = status
            p.record.updatedAt = now
            if p.record.startedAt == nil && (status == .running || p.rows.values.contains { $0.startedAt != nil }) {
                p.record.startedAt = now
            }
            if status.isSettled {
                p.record.finishedAt = now
                p.record.duration = p.record.startedAt.map { _ in PipelineDuration.seconds(Array(p.rows.values), now: now) }
                let coverages = p.rows.values.compactMap(\.coverage)
                p.record.coverage = coverages.isEmpty ? nil : coverages.reduce(0, +) / Double(coverages.count)
            } else {
                p.record.finishedAt = nil
            }
            try store.updatePipeline(p.record)
        }
        active[pipelineID] = p
    }

    /// Records the end of a job's attempt (a runner's report, or a lost runner) and moves its
    /// pipeline on.
    func finish(_ job: JobRecord, success: Bool, reason: FailureReason?, exitCode: Int?) throws {
        var row = job
        let now = Date()
        row.status = success ? .success : .failed
        row.finishedAt = now
        row.duration = row.startedAt.map { now.timeIntervalSince($0) }
        row.failureReason = success ? nil : reason?.rawValue
        row.exitCode = exitCode
        row.tokenDigest = nil
        if let p = active[job.pipelineID], let regex = p.planned[job.name]?.instance.job["coverage"]?.string,
           let trace = try? String(contentsOf: data.trace(jobID: job.id), encoding: .utf8) {
            row.coverage = CoverageExtractor.coverage(regex: regex, in: trace)
        }
        try store.updateJob(row)
        guard var p = active[job.pipelineID] else { return }
        p.rows[job.name] = row
        let retried = p.state.finished(job.name, success: success, exitCode: exitCode, reason: reason)
        if retried {
            row.retried = true
            try store.updateJob(row)
            p.rows[job.name] = row
        }
        active[job.pipelineID] = p
        try record(job.pipelineID, .finished, job: job.name, success: success, exitCode: exitCode, reason: reason?.rawValue)
        try advance(job.pipelineID, now: now)
        release(job.pipelineID)
    }

    /// A pipeline that waits for nothing but a user leaves memory after a change.
    func release(_ pipelineID: Int) {
        if active[pipelineID]?.state.isComplete == true { active[pipelineID] = nil }
    }

    /// Stores an engine input, for `PipelineRecovery` to replay after a restart.
    func record(_ pipelineID: Int, _ input: EngineInput, job: String? = nil, success: Bool? = nil, exitCode: Int? = nil,
                reason: String? = nil) throws {
        try store.appendEvent(PipelineEventRecord(pipelineID: pipelineID, kind: input.rawValue, jobName: job, success: success,
                                                  exitCode: exitCode, reason: reason, at: Date()))
    }

    /// The row of a job's latest attempt (a retry makes a new one).
    func currentRow(of job: JobRecord) throws -> JobRecord {
        if let row = active[job.pipelineID]?.rows[job.name] { return row }
        return try store.jobs(pipelineID: job.pipelineID, includeRetried: false).first { $0.name == job.name } ?? job
    }
}
