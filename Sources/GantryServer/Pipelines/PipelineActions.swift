import Foundation
import GantryStore
import GantryYAML

/// What users do to pipelines (Woodpecker's `server/pipeline/{create,cancel,restart,approve}`):
/// create one from a planned commit, cancel it, retry a job, play a manual one. Each action
/// brings a stored pipeline back into memory first, then records the engine input as an event.
/// Used under the coordinator's lock only.
struct PipelineActions {
    let store: any Store
    let live: LivePipelines
    let recovery: PipelineRecovery

    enum Creation {
        case created(PipelineRecord)
        /// No `.gitlab-ci.yml` at the commit, or rules and workflow leave nothing to run.
        case notCreated(String)
    }

    enum ActionError: Error {
        case notFound
        /// GitLab's 403 message.
        case refused(String)
    }

    /// Stores a planned pipeline and its jobs, and starts it.
    func create(_ draft: CommitPlanner.Draft, project: ProjectRecord) throws -> Creation {
        switch draft {
        case .none(let reason):
            return .notCreated(reason)
        case .invalid(let record):
            let created = try store.createPipeline(record)
            try store.touchProject(id: project.id, at: record.createdAt)
            return .created(created)
        case .planned(let record, let plan, let masked):
            let created = try store.createPipeline(record)
            let rows = try store.createJobs(plan.jobs.map { job in
                JobRecord(pipelineID: created.id, projectID: project.id, name: job.name, stage: job.stage,
                          stageIndex: plan.stages.firstIndex(of: job.stage) ?? 0, when: job.when, allowFailure: job.allowFailure,
                          tags: Node.strings(job.instance.job["tags"]), createdAt: record.createdAt)
            })
            live[created.id] = ActivePipeline(record: created, project: project, plan: plan, rows: rows, maskedKeys: masked)
            try store.touchProject(id: project.id, at: record.createdAt)
            try live.advance(created.id)
            let current = try live[created.id]?.record ?? store.pipeline(id: created.id) ?? created
            live.release(created.id)
            return .created(current)
        }
    }

    func cancel(pipelineID: Int) throws -> PipelineRecord {
        try recovery.activate(pipelineID)
        guard var p = live[pipelineID] else { throw ActionError.notFound }
        p.state.cancel()
        live[pipelineID] = p
        try live.record(pipelineID, .cancel)
        try live.advance(pipelineID)
        live.release(pipelineID)
        guard let record = try store.pipeline(id: pipelineID) else { throw ActionError.notFound }
        return record
    }

    /// Cancels one job (GitLab's job cancel): a created, pending, running or scheduled job of the
    /// current attempt becomes canceled, its runner is told at its next call, and the pipeline
    /// goes on without it. Any other job is returned as it is, as GitLab answers (201, unchanged).
    func cancel(jobID: Int) throws -> JobRecord {
        guard let job = try store.job(id: jobID) else { throw ActionError.notFound }
        guard job.status.isCancelable, !job.retried else { return job }
        try recovery.activate(job.pipelineID)
        defer { live.release(job.pipelineID) }
        guard var p = live[job.pipelineID], p.rows[job.name]?.id == job.id, (try? p.state.cancel(job.name)) != nil else {
            return try live.currentRow(of: job)
        }
        live[job.pipelineID] = p
        try live.record(job.pipelineID, .cancelJob, job: job.name)
        try live.advance(job.pipelineID)
        return try live.currentRow(of: job)
    }

    /// Retries a finished job (a new attempt, a new job id); returns the new row.
    func retry(jobID: Int) throws -> JobRecord {
        guard let job = try store.job(id: jobID) else { throw ActionError.notFound }
        try recovery.activate(job.pipelineID)
        guard var p = live[job.pipelineID] else { throw ActionError.notFound }
        guard p.rows[job.name]?.id == job.id else { throw ActionError.refused("Job is not retryable") }
        do {
            try p.state.retry(job.name)
        } catch {
            throw ActionError.refused("Job is not retryable")
        }
        var row = job
        row.retried = true
        try store.updateJob(row)
        p.rows[job.name] = row
        live[job.pipelineID] = p
        try live.record(job.pipelineID, .retry, job: job.name)
        try live.advance(job.pipelineID)
        return try live.currentRow(of: job)
    }

    /// Plays a manual job.
    func play(jobID: Int) throws -> JobRecord {
        guard let job = try store.job(id: jobID) else { throw ActionError.notFound }
        try recovery.activate(job.pipelineID)
        guard var p = live[job.pipelineID] else { throw ActionError.notFound }
        do {
            try p.state.play(job.name)
        } catch {
            throw ActionError.refused("Unplayable Job")
        }
        live[job.pipelineID] = p
        try live.record(job.pipelineID, .play, job: job.name)
        try live.advance(job.pipelineID)
        return try live.currentRow(of: job)
    }
}
