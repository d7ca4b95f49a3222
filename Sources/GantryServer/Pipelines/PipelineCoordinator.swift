import Foundation
import GantryEngine
import GantryExecution
import GantryPipeline
import GantryRunner
import GantryStore
import GantryYAML

/// Moves every pipeline of the server: creates them from a commit, hands their jobs to runners,
/// takes the runners' reports, retries, cancels and plays, and fails the jobs of runners that
/// stopped answering. All state changes happen under one lock and are written to the store
/// before the lock is released; runners waiting for a job sleep on the same lock's condition.
final class PipelineCoordinator: @unchecked Sendable {  // all mutable state is guarded by `lock`
    let store: any Store
    let data: DataDirectory
    let baseURL: String
    /// A running job whose runner has not been heard of for this long fails (runner_system_failure).
    let heartbeatTimeout: TimeInterval

    private let lock = NSCondition()
    private var active: [Int: ActivePipeline] = [:]
    /// Pending job ids, oldest first: the queue runners take from.
    private var queue: [Int] = []
    private var stopped = false

    init(store: any Store, data: DataDirectory, baseURL: String, heartbeatTimeout: TimeInterval) {
        self.store = store
        self.data = data
        self.baseURL = baseURL
        self.heartbeatTimeout = heartbeatTimeout
    }

    // MARK: Creating

    enum Creation {
        case created(PipelineRecord)
        /// No `.gitlab-ci.yml` at the commit, or rules and workflow leave nothing to run.
        case notCreated(String)
    }

    /// A pipeline for `sha` on `ref`. An invalid `.gitlab-ci.yml` makes a failed pipeline whose
    /// `yaml_errors` are the lint messages.
    func createPipeline(project: ProjectRecord, ref: String, tag: Bool, sha: String, beforeSHA: String, source: String,
                        variables: [(String, String)], userID: Int?) throws -> Creation {
        let repository = BareRepository(path: data.repository(projectID: project.id))
        guard repository.file(".gitlab-ci.yml", at: sha) != nil else { return .notCreated("Missing CI config file") }
        let (outcome, masked) = try plan(project: project, ref: ref, tag: tag, sha: sha, source: source, variables: variables)
        let now = Date()
        let variablesJSON = String(decoding: (try? JSONSerialization.data(withJSONObject: variables.map { ["key": $0.0, "value": $0.1] }))
                                   ?? Data("[]".utf8), as: UTF8.self)
        var record = PipelineRecord(projectID: project.id, sha: sha, beforeSHA: beforeSHA, ref: ref, tag: tag, source: source,
                                    userID: userID, createdAt: now, updatedAt: now, variablesJSON: variablesJSON)
        switch outcome {
        case .noPipeline(let reason):
            return .notCreated(reason)
        case .invalid(let errors):
            record.status = "failed"
            record.yamlErrors = errors.joined(separator: "\n")
            record.finishedAt = now
            let created = try store.createPipeline(record)
            try store.touchProject(id: project.id, at: now)
            return .created(created)
        case .planned(let plan):
            record.warnings = PipelineWarnings.of(plan, source: CommitSource(repository: repository, sha: sha))
            lock.lock()
            defer { lock.unlock() }
            let created = try store.createPipeline(record)
            let rows = try store.createJobs(plan.jobs.map { job in
                JobRecord(pipelineID: created.id, projectID: project.id, name: job.name, stage: job.stage,
                          stageIndex: plan.stages.firstIndex(of: job.stage) ?? 0, when: job.when, allowFailure: job.allowFailure,
                          tags: Node.strings(job.instance.job["tags"]), createdAt: now)
            })
            active[created.id] = ActivePipeline(record: created, project: project, plan: plan, rows: rows, maskedKeys: masked)
            try store.touchProject(id: project.id, at: now)
            try process(created.id)
            let record = try active[created.id]?.record ?? store.pipeline(id: created.id) ?? created
            release(created.id)
            return .created(record)
        }
    }

    /// The plan of `.gitlab-ci.yml` at `sha` (includes read from the same commit), and the keys of
    /// the masked CI/CD variables its jobs get. The same inputs give the same plan: a restarted
    /// server plans a stored pipeline again this way.
    private func plan(project: ProjectRecord, ref: String, tag: Bool, sha: String, source: String,
                      variables: [(String, String)]) throws -> (PipelineBuild.Outcome, Set<String>) {
        let repository = BareRepository(path: data.repository(projectID: project.id))
        guard let bytes = repository.fileBytes(".gitlab-ci.yml", at: sha) else {
            throw PlanningFailure(description: "cannot read .gitlab-ci.yml at \(sha) of \(project.pathWithNamespace)")
        }
        // Protected branches and tags decide protected variables and CI_COMMIT_REF_PROTECTED.
        let protectedRef = try ProtectedRefs(store: store).isProtected(project: project, ref: ref, tag: tag)
        let (projectVariables, masked) = try ciVariables(for: project, protectedRef: protectedRef)
        let context = PlanContext(ref: ref, refKind: tag ? .tag : .branch, source: source, defaultBranch: project.defaultBranch,
                                  projectPath: project.pathWithNamespace, commitSHA: sha, commitMessage: repository.commitMessage(sha),
                                  pipelineID: 0, pipelineIID: 0, projectID: project.id, serverURL: baseURL,
                                  pipelineVariables: variables, projectVariables: projectVariables, refProtected: protectedRef)
        let outcome = PipelineBuild.plan(bytes: bytes, file: ".gitlab-ci.yml", source: CommitSource(repository: repository, sha: sha),
                                         context: context).outcome
        return (outcome, masked)
    }

    struct PlanningFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Project and group CI/CD variables (groups from the top down, then the project's own),
    /// protected ones only for protected refs; and the keys of the masked ones.
    func ciVariables(for project: ProjectRecord, protectedRef: Bool) throws -> ([(String, String)], Set<String>) {
        var owners: [(String, Int)] = [("project", project.id)]
        if project.namespaceKind == "group" {
            var group = try store.group(id: project.namespaceID)
            while let g = group {
                owners.insert(("group", g.id), at: 0)
                group = try g.parentID.flatMap { try store.group(id: $0) }
            }
        }
        var values: [(String, String)] = []
        var masked: Set<String> = []
        for (kind, id) in owners {
            for v in try store.variables(ownerKind: kind, ownerID: id) where protectedRef || !v.protected {
                values.append((v.key, v.value))
                if v.masked { masked.insert(v.key) }
            }
        }
        return (values, masked)
    }

    // MARK: Moving

    /// Advances the engine and writes every job whose status changed, and the pipeline's status.
    /// Caller holds the lock.
    private func process(_ pipelineID: Int, now: Date = Date()) throws {
        guard var p = active[pipelineID] else { return }
        _ = p.state.advance(now: p.clock(now))
        var queued = false
        for job in p.plan.jobs {
            guard var row = p.rows[job.name] else { continue }
            let status = p.state.status(of: job.name)
            if status == .pending && (row.status != "pending" || row.retried) {
                if row.retried || row.status == "running" || JobStatus(rawValue: row.status)?.isCompleted == true {
                    // A new attempt (retry:, or the API's retry): a new row, the old one kept as retried.
                    if !row.retried {
                        row.retried = true
                        try store.updateJob(row)
                    }
                    row = try store.createJob(JobRecord(pipelineID: pipelineID, projectID: row.projectID, name: row.name, stage: row.stage,
                                                        stageIndex: row.stageIndex, when: row.when, allowFailure: row.allowFailure,
                                                        tags: row.tags, createdAt: now, attempt: row.attempt + 1))
                }
                row.status = "pending"
                row.queuedAt = now
                try store.updateJob(row)
                queue.append(row.id)
                queued = true
            } else if row.status != status.rawValue {
                row.status = status.rawValue
                if status.isCompleted {
                    row.finishedAt = row.finishedAt ?? now
                    row.tokenDigest = nil
                    if let started = row.startedAt { row.duration = row.duration ?? now.timeIntervalSince(started) }
                }
                try store.updateJob(row)
            }
            p.rows[job.name] = row
        }
        let status = p.state.pipelineStatus.rawValue
        if p.record.status != status {
            p.record.status = status
            p.record.updatedAt = now
            if p.record.startedAt == nil && (status == "running" || p.rows.values.contains { $0.startedAt != nil }) {
                p.record.startedAt = now
            }
            if p.state.pipelineStatus.isSettled {
                p.record.finishedAt = now
                p.record.duration = p.record.startedAt.map { now.timeIntervalSince($0) }
                let coverages = p.rows.values.compactMap(\.coverage)
                p.record.coverage = coverages.isEmpty ? nil : coverages.reduce(0, +) / Double(coverages.count)
            } else {
                p.record.finishedAt = nil
            }
            try store.updatePipeline(p.record)
        }
        active[pipelineID] = p
        if queued { lock.broadcast() }
    }

    /// A pipeline that waits for nothing but a user leaves memory after a change; retry, play and
    /// cancel bring it back (`activate`). Caller holds the lock.
    private func release(_ pipelineID: Int) {
        if active[pipelineID]?.state.isComplete == true { active[pipelineID] = nil }
    }

    private func event(_ pipelineID: Int, _ kind: String, job: String? = nil, success: Bool? = nil, exitCode: Int? = nil,
                       reason: String? = nil) throws {
        try store.appendEvent(PipelineEventRecord(pipelineID: pipelineID, kind: kind, jobName: job, success: success,
                                                  exitCode: exitCode, reason: reason, at: Date()))
    }

    // MARK: Runners

    /// The oldest pending job this runner may take, assigned to it with a fresh job token;
    /// waits for one until `deadline` (the runner's long poll).
    func requestJob(runner: RunnerRecord, until deadline: Date) throws -> JobPayload? {
        lock.lock()
        defer { lock.unlock() }
        while !stopped {
            if let payload = try takeJob(for: runner) { return payload }
            if !lock.wait(until: deadline) { return nil }
        }
        return nil
    }

    private func takeJob(for runner: RunnerRecord) throws -> JobPayload? {
        var index = 0
        while index < queue.count {
            let id = queue[index]
            guard let job = try store.job(id: id), job.status == "pending", var p = active[job.pipelineID],
                  p.rows[job.name]?.id == id else {
                queue.remove(at: index)
                continue
            }
            let fits = job.tags.isEmpty ? runner.runUntagged : Set(job.tags).isSubset(of: Set(runner.tags))
            guard fits else { index += 1; continue }
            queue.remove(at: index)
            let token = Secrets.generate(prefix: "glcbt-")
            var row = job
            let now = Date()
            row.status = "running"
            row.runnerID = runner.id
            row.tokenDigest = Secrets.digest(token)
            row.startedAt = now
            row.lastHeartbeatAt = now
            try store.updateJob(row)
            p.rows[job.name] = row
            p.state.started(job.name)
            active[job.pipelineID] = p
            try event(job.pipelineID, "started", job: job.name)
            try process(job.pipelineID, now: now)
            guard let current = active[job.pipelineID] else { return nil }
            return try JobPayloadBuilder(store: store, data: data, baseURL: baseURL)
                .payload(for: row, token: token, pipeline: current)
        }
        return nil
    }

    enum UpdateOutcome {
        case ok(status: String)
        case forbidden
    }

    /// `PUT /jobs/:id`: a heartbeat (`running`) or the final state.
    func updateJob(_ job: JobRecord, state: String, failureReason: String?, exitCode: Int?) throws -> UpdateOutcome {
        lock.lock()
        defer { lock.unlock() }
        guard var row = try store.job(id: job.id), row.status == "running" else { return .forbidden }
        row.lastHeartbeatAt = Date()
        switch state {
        case "success", "failed":
            try finish(row, success: state == "success",
                       reason: state == "failed" ? (failureReason.flatMap(FailureReason.init(rawValue:)) ?? .scriptFailure) : nil,
                       exitCode: exitCode)
            return .ok(status: state)
        default:
            try store.updateJob(row)
            return .ok(status: row.status)
        }
    }

    /// Records the end of a job's attempt and moves its pipeline on. Caller holds the lock.
    private func finish(_ job: JobRecord, success: Bool, reason: FailureReason?, exitCode: Int?) throws {
        var row = job
        let now = Date()
        row.status = success ? "success" : "failed"
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
        try event(job.pipelineID, "finished", job: job.name, success: success, exitCode: exitCode, reason: reason?.rawValue)
        try process(job.pipelineID, now: now)
        release(job.pipelineID)
    }

    /// `PATCH /jobs/:id/trace`: appends at `offset`, which must be the trace's current size.
    enum TraceOutcome {
        case accepted(size: Int)
        case rangeMismatch(size: Int)
        case forbidden
    }

    func appendTrace(_ job: JobRecord, bytes: Data, offset: Int) throws -> TraceOutcome {
        lock.lock()
        defer { lock.unlock() }
        guard var row = try store.job(id: job.id), row.status == "running" else { return .forbidden }
        guard offset == row.traceSize else { return .rangeMismatch(size: row.traceSize) }
        row.lastHeartbeatAt = Date()
        try writeTrace(&row, bytes)
        return .accepted(size: row.traceSize)
    }

    /// Appends to a job's trace file at the size the store knows (dropping anything a cut write
    /// left past it) and records the new size. Caller holds the lock.
    private func writeTrace(_ row: inout JobRecord, _ bytes: Data) throws {
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

    // MARK: Users' actions

    enum ActionError: Error {
        case notFound
        /// GitLab's 400 message, or 403 when `forbidden`.
        case refused(String)
    }

    func cancel(pipelineID: Int) throws -> PipelineRecord {
        lock.lock()
        defer { lock.unlock() }
        try activate(pipelineID)
        guard var p = active[pipelineID] else { throw ActionError.notFound }
        p.state.cancel()
        active[pipelineID] = p
        try event(pipelineID, "cancel")
        try process(pipelineID)
        release(pipelineID)
        guard let record = try store.pipeline(id: pipelineID) else { throw ActionError.notFound }
        return record
    }

    /// Retries a finished job (a new attempt, a new job id); returns the new row.
    func retry(jobID: Int) throws -> JobRecord {
        lock.lock()
        defer { lock.unlock() }
        guard let job = try store.job(id: jobID) else { throw ActionError.notFound }
        try activate(job.pipelineID)
        guard var p = active[job.pipelineID] else { throw ActionError.notFound }
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
        active[job.pipelineID] = p
        try event(job.pipelineID, "retry", job: job.name)
        try process(job.pipelineID)
        return try currentRow(of: job)
    }

    /// Plays a manual job.
    func play(jobID: Int) throws -> JobRecord {
        lock.lock()
        defer { lock.unlock() }
        guard let job = try store.job(id: jobID) else { throw ActionError.notFound }
        try activate(job.pipelineID)
        guard var p = active[job.pipelineID] else { throw ActionError.notFound }
        do {
            try p.state.play(job.name)
        } catch {
            throw ActionError.refused("Unplayable Job")
        }
        active[job.pipelineID] = p
        try event(job.pipelineID, "play", job: job.name)
        try process(job.pipelineID)
        return try currentRow(of: job)
    }

    /// The row of a job's latest attempt (a retry makes a new one).
    private func currentRow(of job: JobRecord) throws -> JobRecord {
        if let row = active[job.pipelineID]?.rows[job.name] { return row }
        return try store.jobs(pipelineID: job.pipelineID, includeRetried: false).first { $0.name == job.name } ?? job
    }

    // MARK: Restart and watchdog

    /// Brings a stored pipeline back into memory: plans its commit again and replays its events.
    /// Caller holds the lock.
    private func activate(_ pipelineID: Int) throws {
        guard active[pipelineID] == nil else { return }
        guard let record = try store.pipeline(id: pipelineID), record.yamlErrors == nil,
              let project = try store.project(id: record.projectID) else { return }
        let variables = ((try? JSONSerialization.jsonObject(with: Data(record.variablesJSON.utf8))) as? [[String: String]] ?? [])
            .compactMap { v in v["key"].map { ($0, v["value"] ?? "") } }
        let (outcome, masked) = try plan(project: project, ref: record.ref, tag: record.tag, sha: record.sha, source: record.source,
                                         variables: variables)
        guard case .planned(let plan) = outcome else {
            throw PlanningFailure(description: "pipeline #\(pipelineID) no longer plans as it did: \(outcome)")
        }
        var p = ActivePipeline(record: record, project: project, plan: plan,
                               rows: try store.jobs(pipelineID: pipelineID, includeRetried: false), maskedKeys: masked)
        for e in try store.events(pipelineID: pipelineID) { p.replay(e) }
        active[pipelineID] = p
        for row in p.rows.values where row.status == "pending" { queue.append(row.id) }
        try process(pipelineID)
    }

    /// After a restart: every unfinished pipeline back in memory, its pending jobs queued again.
    func recover() throws {
        lock.lock()
        defer { lock.unlock() }
        for record in try store.unfinishedPipelines() { try activate(record.id) }
        queue.sort()
        lock.broadcast()
    }

    /// Fails the jobs of runners that stopped answering, and starts delayed jobs that are due.
    func tick() {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        if let lost = try? store.runningJobs(heartbeatBefore: now.addingTimeInterval(-heartbeatTimeout)) {
            for job in lost {
                try? activate(job.pipelineID)
                appendLine(job.id, "\u{1B}[31;1mERROR: Job failed (system failure): the runner stopped answering for \(Int(heartbeatTimeout))s\u{1B}[0;m\n")
                try? finish(job, success: false, reason: .runnerSystemFailure, exitCode: nil)
            }
        }
        for (id, p) in active where p.state.nextScheduledTime.map({ $0 <= p.clock(now) }) == true {
            try? process(id, now: now)
        }
    }

    /// A line of the server's own at the end of a job's trace.
    private func appendLine(_ jobID: Int, _ text: String) {
        guard var row = try? store.job(id: jobID) else { return }
        try? writeTrace(&row, Data(text.utf8))
    }

    /// Wakes long-polling runners so the server can stop.
    func stop() {
        lock.lock()
        stopped = true
        lock.broadcast()
        lock.unlock()
    }

    /// The plan of a pipeline (for the payload of its jobs and the test report).
    func withPipeline<T>(_ id: Int, _ body: (ActivePipeline) throws -> T) throws -> T? {
        lock.lock()
        defer { lock.unlock() }
        try activate(id)
        guard let p = active[id] else { return nil }
        return try body(p)
    }
}
