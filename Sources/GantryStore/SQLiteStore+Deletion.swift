import Foundation

extension SQLiteStore {
    public func pipelineIDs(projectID: Int) throws -> [Int] {
        try withDB { db in
            try db.rows("SELECT id FROM pipelines WHERE project_id = ? ORDER BY id", [projectID]) { (r: inout SQLiteRow) in r.int() }
        }
    }

    @discardableResult
    public func deletePipeline(id: Int) throws -> [Int] {
        try withDB { db in
            try db.transaction {
                let jobs = try db.rows("SELECT id FROM jobs WHERE pipeline_id = ? ORDER BY id", [id]) { (r: inout SQLiteRow) in r.int() }
                // Jobs, their artifact rows and the pipeline's events go by ON DELETE CASCADE.
                try db.run("DELETE FROM pipelines WHERE id = ?", [id])
                return jobs
            }
        }
    }

    @discardableResult
    public func deleteProject(id: Int) throws -> ProjectDeletion {
        try withDB { db in
            try db.transaction {
                var removed = ProjectDeletion()
                removed.jobIDs = try db.rows("SELECT id FROM jobs WHERE project_id = ? ORDER BY id", [id]) { (r: inout SQLiteRow) in r.int() }
                removed.packageDigests = try db.rows("SELECT DISTINCT sha256 FROM package_files WHERE project_id = ?", [id]) {
                    (r: inout SQLiteRow) in r.string()
                }
                // Rows that name the project without a foreign key (owner or source by kind).
                try db.run("DELETE FROM ci_variables WHERE owner_kind = 'project' AND owner_id = ?", [id])
                try db.run("DELETE FROM members WHERE source_kind = 'project' AND source_id = ?", [id])
                try db.run("DELETE FROM deploy_tokens WHERE owner_kind = 'project' AND owner_id = ?", [id])
                try db.run("DELETE FROM job_token_allowlist WHERE target_kind = 'project' AND target_id = ?", [id])
                // Pipelines, jobs, artifacts, packages, protected refs, counters: ON DELETE CASCADE.
                try db.run("DELETE FROM projects WHERE id = ?", [id])
                return removed
            }
        }
    }
}
