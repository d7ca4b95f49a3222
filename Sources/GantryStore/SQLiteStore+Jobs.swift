import Foundation
import GantryEngine

extension JobRecord {
    static let columns = """
        id, pipeline_id, project_id, name, stage, stage_index, status, when_condition, allow_failure, token_digest, \
        runner_id, tags, created_at, queued_at, started_at, finished_at, duration, failure_reason, exit_code, coverage, \
        retried, attempt, trace_size, last_heartbeat_at, artifacts_file, artifacts_size, artifacts_expire_at, erased_at
        """

    init(row r: inout SQLiteRow) {
        self.init(id: r.int(), pipelineID: r.int(), projectID: r.int(), name: r.string(), stage: r.string(),
                  stageIndex: r.int(), status: r.jobStatus(), when: r.string(), allowFailure: r.bool(),
                  tokenDigest: r.stringOrNil(), runnerID: r.intOrNil(), tags: r.strings(), createdAt: r.date(),
                  queuedAt: r.dateOrNil(), startedAt: r.dateOrNil(), finishedAt: r.dateOrNil(),
                  duration: r.doubleOrNil(), failureReason: r.stringOrNil(), exitCode: r.intOrNil(),
                  coverage: r.doubleOrNil(), retried: r.bool(), attempt: r.int(), traceSize: r.int(),
                  lastHeartbeatAt: r.dateOrNil(), artifactsFile: r.stringOrNil(), artifactsSize: r.intOrNil(),
                  artifactsExpireAt: r.dateOrNil(), erasedAt: r.dateOrNil())
    }

    /// The fields after project_id, in `columns` order: the ones an update may change.
    var mutableArguments: [any SQLiteBindable] {
        [name, stage, stageIndex, status, when, allowFailure, tokenDigest, runnerID, tags, createdAt, queuedAt,
         startedAt, finishedAt, duration, failureReason, exitCode, coverage, retried, attempt, traceSize,
         lastHeartbeatAt, artifactsFile, artifactsSize, artifactsExpireAt, erasedAt]
    }
}

extension SQLiteStore {
    private static let insertJobSQL = """
        INSERT INTO jobs (pipeline_id, project_id, name, stage, stage_index, status, when_condition, allow_failure,
            token_digest, runner_id, tags, created_at, queued_at, started_at, finished_at, duration, failure_reason,
            exit_code, coverage, retried, attempt, trace_size, last_heartbeat_at, artifacts_file, artifacts_size,
            artifacts_expire_at, erased_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    public func createJob(_ job: JobRecord) throws -> JobRecord {
        try createJobs([job])[0]
    }

    public func createJobs(_ jobs: [JobRecord]) throws -> [JobRecord] {
        try withDB { db in
            // One transaction for all: one commit instead of one per job.
            try db.transaction {
                try jobs.map { job in
                    try db.run(Self.insertJobSQL, [job.pipelineID, job.projectID] + job.mutableArguments)
                    var created = job
                    created.id = db.lastInsertID
                    return created
                }
            }
        }
    }

    public func updateJob(_ job: JobRecord) throws {
        let changed = try withDB { db in
            try db.run("""
                UPDATE jobs SET name = ?, stage = ?, stage_index = ?, status = ?, when_condition = ?, allow_failure = ?,
                    token_digest = ?, runner_id = ?, tags = ?, created_at = ?, queued_at = ?, started_at = ?,
                    finished_at = ?, duration = ?, failure_reason = ?, exit_code = ?, coverage = ?, retried = ?,
                    attempt = ?, trace_size = ?, last_heartbeat_at = ?, artifacts_file = ?, artifacts_size = ?,
                    artifacts_expire_at = ?, erased_at = ?
                WHERE id = ?
                """, job.mutableArguments + [job.id])
        }
        if changed == 0 { throw StoreError.notFound("job \(job.id)") }
    }

    public func job(id: Int) throws -> JobRecord? {
        try withDB { db in try db.row("SELECT \(JobRecord.columns) FROM jobs WHERE id = ?", [id], JobRecord.init) }
    }

    public func job(tokenDigest: String) throws -> JobRecord? {
        try withDB { db in
            try db.row("SELECT \(JobRecord.columns) FROM jobs WHERE token_digest = ?", [tokenDigest], JobRecord.init)
        }
    }

    public func jobs(pipelineID: Int, includeRetried: Bool) throws -> [JobRecord] {
        try withDB { db in
            try db.rows("""
                SELECT \(JobRecord.columns) FROM jobs WHERE pipeline_id = ? AND (? OR retried = 0) ORDER BY id
                """, [pipelineID, includeRetried], JobRecord.init)
        }
    }

    public func jobs(projectID: Int, statuses: [JobStatus]?, page: Int, perPage: Int) throws -> Page<JobRecord> {
        let (limit, offset) = Self.limits(page: page, perPage: perPage)
        let conditions = "project_id = ?1 AND (?2 IS NULL OR status IN (SELECT value FROM json_each(?2)))"
        let arguments: [any SQLiteBindable] = [projectID, statuses.map { $0.map(\.rawValue) }]
        return try withDB { db in
            let items = try db.rows("""
                SELECT \(JobRecord.columns) FROM jobs WHERE \(conditions) ORDER BY id DESC LIMIT ?3 OFFSET ?4
                """, arguments + [limit, offset], JobRecord.init)
            return (items, try db.int("SELECT COUNT(*) FROM jobs WHERE \(conditions)", arguments))
        }
    }

    public func runningJobs(heartbeatBefore date: Date) throws -> [JobRecord] {
        try withDB { db in
            try db.rows("""
                SELECT \(JobRecord.columns) FROM jobs
                WHERE status = ? AND COALESCE(last_heartbeat_at, started_at, created_at) < ? ORDER BY id
                """, [JobStatus.running, date], JobRecord.init)
        }
    }

    public func pendingJobs() throws -> [JobRecord] {
        try withDB { db in
            try db.rows("SELECT \(JobRecord.columns) FROM jobs WHERE status = ? ORDER BY id", [JobStatus.pending],
                        JobRecord.init)
        }
    }
}
