import Foundation
import GantryCrypto
import GantryRunnerProtocol
import GantryStore

/// Moves every pipeline of the server, through parts that each do one thing: `CommitPlanner`
/// plans a commit, `PipelineActions` creates, cancels, retries and plays, `RunnerJobs` hands jobs
/// to runners from the `JobQueue` and takes their reports, `TraceStore` keeps traces,
/// `PipelineRecovery` replays after a restart and fails the jobs of lost runners; all of them
/// end in `LivePipelines`, which advances the engine and writes the store.
///
/// Locking: one lock, held by this façade around every call into the parts, and nowhere else.
/// A single change touches several parts at once (a runner's report finishes a job, advances
/// the engine, queues the next jobs and writes the store), so one lock keeps each change atomic
/// with no lock order to get wrong; the parts are plain, non-Sendable types that only this
/// class reaches. Changes are short; the long poll sleeps on the lock's condition (the queue's),
/// which releases it. Planning a new commit (git and YAML) happens before the lock is taken.
final class PipelineCoordinator: @unchecked Sendable {  // the parts are only touched under `lock`
    private let lock = NSCondition()
    private let planner: CommitPlanner
    private let queue: JobQueue
    private let live: LivePipelines
    private let traces: TraceStore
    private let runnerJobs: RunnerJobs
    private let recovery: PipelineRecovery
    private let actions: PipelineActions

    init(store: any Store, data: DataDirectory, baseURL: String, heartbeatTimeout: TimeInterval, maxJobLogSize: Int,
         includes: ServerIncludes, idTokenSigner: (any JWTSigning)? = nil, log: ServerLog) {
        planner = CommitPlanner(store: store, data: data, baseURL: baseURL, includes: includes)
        queue = JobQueue(condition: lock)
        live = LivePipelines(store: store, data: data, queue: queue)
        traces = TraceStore(store: store, data: data, limit: maxJobLogSize)
        runnerJobs = RunnerJobs(store: store, payloads: JobPayloadBuilder(store: store, data: data, baseURL: baseURL,
                                                                                       idTokenSigner: idTokenSigner, log: log), live: live,
                                queue: queue)
        recovery = PipelineRecovery(store: store, planner: planner, live: live, queue: queue, traces: traces,
                                    heartbeatTimeout: heartbeatTimeout)
        actions = PipelineActions(store: store, live: live, recovery: recovery)
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// A pipeline for `sha` on `ref`. An invalid `.gitlab-ci.yml` makes a failed pipeline whose
    /// `yaml_errors` are the lint messages.
    func createPipeline(project: ProjectRecord, ref: String, tag: Bool, sha: String, beforeSHA: String, source: String,
                        variables: [(String, String)], userID: Int?) throws -> PipelineActions.Creation {
        let draft = try planner.draft(project: project, ref: ref, tag: tag, sha: sha, beforeSHA: beforeSHA, source: source,
                                      variables: variables, userID: userID)
        return try locked { try actions.create(draft, project: project) }
    }

    func cancel(pipelineID: Int) throws -> PipelineRecord {
        try locked { try actions.cancel(pipelineID: pipelineID) }
    }

    /// Runs `delete` (the store's deletion) with the pipelines forgotten first, under the lock: no
    /// job of theirs is handed out or advanced again, and a runner still running one is refused.
    /// `pipelineIDs` is asked under the lock too, so that no pipeline created meanwhile is missed.
    func deleting<T>(pipelineIDs: () throws -> [Int], _ delete: () throws -> T) throws -> T {
        try locked {
            for id in try pipelineIDs() { live[id] = nil }
            return try delete()
        }
    }

    /// Cancels one job; see `PipelineActions.cancel(jobID:)`.
    func cancel(jobID: Int) throws -> JobRecord {
        try locked { try actions.cancel(jobID: jobID) }
    }

    func retry(jobID: Int) throws -> JobRecord {
        try locked { try actions.retry(jobID: jobID) }
    }

    func play(jobID: Int) throws -> JobRecord {
        try locked { try actions.play(jobID: jobID) }
    }

    /// Retries every failed or canceled job of a pipeline (GitLab's pipeline retry); a job that
    /// cannot be retried is left as it is.
    func retryFailedJobs(pipelineID: Int, store: any Store) throws {
        for job in try store.jobs(pipelineID: pipelineID, includeRetried: false) where job.status == .failed || job.status == .canceled {
            _ = try? retry(jobID: job.id)
        }
    }

    /// Each job's `needs:` (job names), for the pipeline graph: from the running plan, or from
    /// planning the commit again (as a restart does) for a pipeline no longer in memory.
    func needs(of record: PipelineRecord, project: ProjectRecord) -> [String: [String]] {
        let plan = locked { live[record.id]?.plan } ?? (try? planner.replan(record, project: project).0)
        var needs: [String: [String]] = [:]
        for job in plan?.jobs ?? [] { needs[job.name] = job.needs?.map(\.job) }
        return needs
    }

    /// `POST /jobs/request`: see `RunnerJobs.request`.
    func requestJob(runner: RunnerRecord, until deadline: Date) throws -> JobPayload? {
        try locked { try runnerJobs.request(runner: runner, until: deadline) }
    }

    /// `PUT /jobs/:id`: a heartbeat or the final state.
    func updateJob(_ job: JobRecord, _ update: JobUpdate) throws -> RunnerJobs.UpdateOutcome {
        try locked {
            if update.state.isFinal, let size = update.output?.bytesize { traces.noteMissingEnd(job, runnerSize: size) }
            return try runnerJobs.update(job, update)
        }
    }

    /// `PATCH /jobs/:id/trace`.
    func appendTrace(_ job: JobRecord, bytes: Data, offset: Int) throws -> TraceStore.Outcome {
        try locked { try traces.append(job, bytes: bytes, offset: offset) }
    }

    /// After a restart: every unfinished pipeline back in memory, its pending jobs queued again.
    func recover() throws {
        try locked { try recovery.recoverAll() }
    }

    /// The watchdog's round (lost runners, delayed jobs that are due).
    func tick() {
        locked { recovery.tick() }
    }

    /// Wakes long-polling runners so the server can stop.
    func stop() {
        locked { queue.stop() }
    }

}
