import Foundation
import GantryEngine

extension PipelineRecord {
    static let columns = """
        id, project_id, iid, sha, before_sha, ref, tag, source, status, yaml_errors, user_id, created_at, updated_at, \
        started_at, finished_at, duration, coverage, variables_json, warnings, name
        """

    init(row r: inout SQLiteRow) {
        self.init(id: r.int(), projectID: r.int(), iid: r.int(), sha: r.string(), beforeSHA: r.string(), ref: r.string(),
                  tag: r.bool(), source: r.string(), status: r.pipelineStatus(), yamlErrors: r.stringOrNil(),
                  userID: r.intOrNil(), createdAt: r.date(), updatedAt: r.date(), startedAt: r.dateOrNil(),
                  finishedAt: r.dateOrNil(), duration: r.doubleOrNil(), coverage: r.doubleOrNil(),
                  variablesJSON: r.string(), warnings: r.strings(), name: r.stringOrNil())
    }

    /// The fields after iid, in `columns` order: the ones an update may change.
    var mutableArguments: [any SQLiteBindable] {
        [sha, beforeSHA, ref, tag, source, status, yamlErrors, userID, createdAt, updatedAt, startedAt, finishedAt,
         duration, coverage, variablesJSON, warnings, name]
    }
}

extension SQLiteStore {
    /// Statuses of pipelines that may still change: the server plans them again after a restart.
    static let unfinishedPipelineStatuses = PipelineStatus.allCases.filter { !$0.isCompleted }.map(\.rawValue)

    public func createPipeline(_ pipeline: PipelineRecord) throws -> PipelineRecord {
        try withDB { db in
            try db.transaction {
                // The per-project counter and the insert share one transaction: no gap, no duplicate.
                try db.run("""
                    INSERT INTO internal_ids (project_id, usage, last_value) VALUES (?, 'pipelines', 1)
                    ON CONFLICT (project_id, usage) DO UPDATE SET last_value = last_value + 1
                    """, [pipeline.projectID])
                let iid = try db.int("SELECT last_value FROM internal_ids WHERE project_id = ? AND usage = 'pipelines'",
                                     [pipeline.projectID])
                try db.run("""
                    INSERT INTO pipelines (project_id, iid, sha, before_sha, ref, tag, source, status, yaml_errors,
                        user_id, created_at, updated_at, started_at, finished_at, duration, coverage, variables_json, warnings, name)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [pipeline.projectID, iid] + pipeline.mutableArguments)
                var created = pipeline
                created.id = db.lastInsertID
                created.iid = iid
                return created
            }
        }
    }

    public func updatePipeline(_ pipeline: PipelineRecord) throws {
        let changed = try withDB { db in
            try db.run("""
                UPDATE pipelines SET sha = ?, before_sha = ?, ref = ?, tag = ?, source = ?, status = ?, yaml_errors = ?,
                    user_id = ?, created_at = ?, updated_at = ?, started_at = ?, finished_at = ?, duration = ?,
                    coverage = ?, variables_json = ?, warnings = ?, name = ?
                WHERE id = ?
                """, pipeline.mutableArguments + [pipeline.id])
        }
        if changed == 0 { throw StoreError.notFound("pipeline \(pipeline.id)") }
    }

    public func pipeline(id: Int) throws -> PipelineRecord? {
        try withDB { db in
            try db.row("SELECT \(PipelineRecord.columns) FROM pipelines WHERE id = ?", [id], PipelineRecord.init)
        }
    }

    public func pipelines(projectID: Int, filter: PipelineFilter, orderBy: PipelineOrder, ascending: Bool,
                          page: Int, perPage: Int) throws -> Page<PipelineRecord> {
        let (limit, offset) = Self.limits(page: page, perPage: perPage)
        // One SQL text per order: NULL parameters switch the filters off.
        let conditions = """
            project_id = ?1 AND (?2 IS NULL OR ref = ?2) AND (?3 IS NULL OR status = ?3)
            AND (?4 IS NULL OR status IN (SELECT value FROM json_each(?4)))
            AND (?5 IS NULL OR source = ?5) AND (?6 IS NULL OR sha = ?6) AND (?7 IS NULL OR tag = ?7)
            """
        let arguments: [any SQLiteBindable] = [projectID, filter.ref, filter.status, filter.statuses.map { $0.map(\.rawValue) }, filter.source,
                                               filter.sha, filter.tag]
        let direction = ascending ? "ASC" : "DESC"
        return try withDB { db in
            let items = try db.rows("""
                SELECT \(PipelineRecord.columns) FROM pipelines WHERE \(conditions)
                ORDER BY \(orderBy.rawValue) \(direction), id \(direction) LIMIT ?8 OFFSET ?9
                """, arguments + [limit, offset], PipelineRecord.init)
            return (items, try db.int("SELECT COUNT(*) FROM pipelines WHERE \(conditions)", arguments))
        }
    }

    public func unfinishedPipelines() throws -> [PipelineRecord] {
        try withDB { db in
            try db.rows("""
                SELECT \(PipelineRecord.columns) FROM pipelines WHERE status IN (SELECT value FROM json_each(?))
                ORDER BY id
                """, [Self.unfinishedPipelineStatuses], PipelineRecord.init)
        }
    }
}
