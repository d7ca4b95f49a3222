extension RunnerRecord {
    static let columns = """
        id, token_digest, description, tags, run_untagged, locked, active, created_at, contacted_at, system_id
        """

    init(row r: inout SQLiteRow) {
        self.init(id: r.int(), tokenDigest: r.string(), description: r.string(), tags: r.strings(),
                  runUntagged: r.bool(), locked: r.bool(), active: r.bool(), createdAt: r.date(),
                  contactedAt: r.dateOrNil(), systemID: r.stringOrNil())
    }

    /// Every field but the id, in `columns` order.
    var arguments: [any SQLiteBindable] {
        [tokenDigest, description, tags, runUntagged, locked, active, createdAt, contactedAt, systemID]
    }
}

extension SQLiteStore {
    public func createRunner(_ runner: RunnerRecord) throws -> RunnerRecord {
        try withDB { db in
            try db.run("""
                INSERT INTO runners (token_digest, description, tags, run_untagged, locked, active, created_at,
                    contacted_at, system_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, runner.arguments)
            var created = runner
            created.id = db.lastInsertID
            return created
        }
    }

    public func runner(id: Int) throws -> RunnerRecord? {
        try withDB { db in try db.row("SELECT \(RunnerRecord.columns) FROM runners WHERE id = ?", [id], RunnerRecord.init) }
    }

    public func runner(tokenDigest: String) throws -> RunnerRecord? {
        try withDB { db in
            try db.row("SELECT \(RunnerRecord.columns) FROM runners WHERE token_digest = ?", [tokenDigest],
                       RunnerRecord.init)
        }
    }

    public func updateRunner(_ runner: RunnerRecord) throws {
        let changed = try withDB { db in
            try db.run("""
                UPDATE runners SET token_digest = ?, description = ?, tags = ?, run_untagged = ?, locked = ?, active = ?,
                    created_at = ?, contacted_at = ?, system_id = ?
                WHERE id = ?
                """, runner.arguments + [runner.id])
        }
        if changed == 0 { throw StoreError.notFound("runner \(runner.id)") }
    }

    @discardableResult
    public func deleteRunner(id: Int) throws -> Bool {
        try withDB { db in try db.run("DELETE FROM runners WHERE id = ?", [id]) > 0 }
    }

    public func runners() throws -> [RunnerRecord] {
        try withDB { db in try db.rows("SELECT \(RunnerRecord.columns) FROM runners ORDER BY id", [], RunnerRecord.init) }
    }
}
