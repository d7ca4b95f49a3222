import Foundation

extension SQLiteStore {
    public func jobTokenScopeEnabled(projectID: Int) throws -> Bool {
        try withDB { db in
            try db.row("SELECT inbound_job_token_scope_enabled FROM project_ci_settings WHERE project_id = ?", [projectID]) {
                $0.bool()
            } ?? true
        }
    }

    public func setJobTokenScopeEnabled(projectID: Int, _ enabled: Bool) throws {
        try withDB { db in
            _ = try db.run("""
                INSERT INTO project_ci_settings (project_id, inbound_job_token_scope_enabled) VALUES (?, ?)
                ON CONFLICT (project_id) DO UPDATE SET inbound_job_token_scope_enabled = excluded.inbound_job_token_scope_enabled
                """, [projectID, enabled])
        }
    }

    /// Adds `targetKind` ("project" or "group") `targetID` to the project's inbound allowlist; a
    /// second add of the same entry throws `StoreError.conflict`.
    public func addJobTokenAllowlistEntry(projectID: Int, targetKind: String, targetID: Int, at: Date) throws {
        try withDB { db in
            _ = try db.run("INSERT INTO job_token_allowlist (project_id, target_kind, target_id, created_at) VALUES (?, ?, ?, ?)",
                           [projectID, targetKind, targetID, at])
        }
    }

    public func jobTokenAllowlist(projectID: Int, targetKind: String) throws -> [Int] {
        try withDB { db in
            try db.rows("SELECT target_id FROM job_token_allowlist WHERE project_id = ? AND target_kind = ? ORDER BY created_at, target_id",
                        [projectID, targetKind]) { $0.int() }
        }
    }

    @discardableResult
    public func removeJobTokenAllowlistEntry(projectID: Int, targetKind: String, targetID: Int) throws -> Bool {
        try withDB { db in
            try db.run("DELETE FROM job_token_allowlist WHERE project_id = ? AND target_kind = ? AND target_id = ?",
                       [projectID, targetKind, targetID]) > 0
        }
    }
}
