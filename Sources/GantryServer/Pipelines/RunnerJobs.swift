import Foundation
import GantryEngine
import GantryRunnerProtocol
import GantryStore

/// The runners' side of the job queue: a long-polling runner gets the oldest pending job it may
/// run, with a fresh job token and GitLab's payload; its reports (heartbeats, the final state)
/// move the pipeline on. Used under the coordinator's lock only.
struct RunnerJobs {
    let store: any Store
    let payloads: JobPayloadBuilder
    let live: LivePipelines
    let queue: JobQueue

    enum UpdateOutcome {
        case ok(status: JobStatus)
        /// The job is not running (the job's status now, when it is known).
        case forbidden(JobStatus?)
    }

    /// The oldest pending job this runner may take, assigned to it with a fresh job token;
    /// waits for one until `deadline` (the runner's long poll).
    func request(runner: RunnerRecord, until deadline: Date) throws -> JobPayload? {
        try queue.wait(until: deadline) { try take(for: runner) }
    }

    private func take(for runner: RunnerRecord) throws -> JobPayload? {
        let job = try queue.take { id -> JobQueue.Pick<JobRecord> in
            guard let job = try store.job(id: id), job.status == .pending, live[job.pipelineID]?.rows[job.name]?.id == id else {
                return .drop
            }
            let fits = job.tags.isEmpty ? runner.runUntagged : Set(job.tags).isSubset(of: Set(runner.tags))
            return fits ? .take(job) : .skip
        }
        guard let job, var p = live[job.pipelineID] else { return nil }
        let token = Secrets.generate(prefix: "glcbt-")
        var row = job
        let now = Date()
        row.status = .running
        row.runnerID = runner.id
        row.tokenDigest = Secrets.digest(token)
        row.startedAt = now
        row.lastHeartbeatAt = now
        try store.updateJob(row)
        p.rows[job.name] = row
        p.state.started(job.name)
        live[job.pipelineID] = p
        try live.record(job.pipelineID, .started, job: job.name)
        try live.advance(job.pipelineID, now: now)
        guard let current = live[job.pipelineID] else { return nil }
        return try payloads.payload(for: row, token: token, pipeline: current)
    }

    /// `PUT /jobs/:id`: a heartbeat (`running`) or the final state.
    func update(_ job: JobRecord, _ update: JobUpdate) throws -> UpdateOutcome {
        guard var row = try store.job(id: job.id) else { return .forbidden(nil) }
        guard row.status == .running else { return .forbidden(row.status) }
        row.lastHeartbeatAt = Date()
        switch update.state {
        case .success, .failed:
            let success = update.state == .success
            try live.finish(row, success: success,
                            reason: success ? nil : (update.failureReason.flatMap(FailureReason.init(rawValue:)) ?? .scriptFailure),
                            exitCode: update.exitCode)
            return .ok(status: success ? .success : .failed)
        case .pending, .running:
            try store.updateJob(row)
            return .ok(status: row.status)
        }
    }
}
