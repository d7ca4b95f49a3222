import Foundation
import GantryStore

/// Brings stored pipelines back into memory and keeps running ones honest: after a restart every
/// unfinished pipeline is planned again and its events replayed to the same engine state; the
/// watchdog fails the jobs of runners that stopped answering and starts delayed jobs that are
/// due. Used under the coordinator's lock only.
struct PipelineRecovery {
    let store: any Store
    let planner: CommitPlanner
    let live: LivePipelines
    let queue: JobQueue
    let traces: TraceStore
    /// A running job whose runner has not been heard of for this long fails (runner_system_failure).
    let heartbeatTimeout: TimeInterval

    /// Brings a stored pipeline back into memory, unless it is there or cannot run (invalid
    /// config): plans its commit again and replays its events.
    func activate(_ pipelineID: Int) throws {
        guard live[pipelineID] == nil else { return }
        guard let record = try store.pipeline(id: pipelineID), record.yamlErrors == nil,
              let project = try store.project(id: record.projectID) else { return }
        let (plan, masked) = try planner.replan(record, project: project)
        var p = ActivePipeline(record: record, project: project, plan: plan,
                               rows: try store.jobs(pipelineID: pipelineID, includeRetried: false), maskedKeys: masked)
        for e in try store.events(pipelineID: pipelineID) { p.replay(e) }
        live[pipelineID] = p
        for row in p.rows.values where row.status == .pending { queue.append(row.id) }
        try live.advance(pipelineID)
    }

    /// After a restart: every unfinished pipeline back in memory, its pending jobs queued again.
    func recoverAll() throws {
        for record in try store.unfinishedPipelines() { try activate(record.id) }
        queue.sortByAge()
    }

    /// The watchdog's round: fails the jobs of runners that stopped answering, and starts delayed
    /// jobs that are due.
    func tick() {
        let now = Date()
        if let lost = try? store.runningJobs(heartbeatBefore: now.addingTimeInterval(-heartbeatTimeout)) {
            for job in lost {
                try? activate(job.pipelineID)
                traces.appendLine(job.id, "\u{1B}[31;1mERROR: Job failed (system failure): the runner stopped answering for \(Int(heartbeatTimeout))s\u{1B}[0;m\n")
                try? live.finish(job, success: false, reason: .runnerSystemFailure, exitCode: nil)
            }
        }
        for id in live.due(at: now) { try? live.advance(id, now: now) }
    }
}
