extension TransparencyLogEntryRecord {
    static let columns = "log_index, leaf_hash, kind, body, integrated_time, signed_entry_timestamp, artifact_hash"

    init(row r: inout SQLiteRow) {
        self.init(index: r.int(), leafHash: r.string(), kind: r.string(), body: r.string(), integratedTime: r.int(),
                  signedEntryTimestamp: r.string(), artifactHash: r.string())
    }
}

extension SQLiteStore {
    public func appendLogEntry(_ entry: TransparencyLogEntryRecord, head: TransparencyLogHead) throws {
        try withDB { db in
            try db.transaction {
                // The index must be the next one: a second process appending would otherwise fork the tree.
                let size = try db.int("SELECT MAX(log_index) + 1 FROM transparency_log_entries")
                guard entry.index == size, head.size == size + 1 else {
                    throw StoreError.conflict("transparency_log_entries.log_index")
                }
                try db.run("INSERT INTO transparency_log_entries (\(TransparencyLogEntryRecord.columns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [entry.index, entry.leafHash, entry.kind, entry.body, entry.integratedTime, entry.signedEntryTimestamp,
                            entry.artifactHash])
                try db.run("""
                    INSERT INTO transparency_log_head (id, tree_size, root_hash) VALUES (1, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET tree_size = excluded.tree_size, root_hash = excluded.root_hash
                    """, [head.size, head.rootHash])
            }
        }
    }

    public func logEntry(index: Int) throws -> TransparencyLogEntryRecord? {
        try withDB { db in
            try db.row("SELECT \(TransparencyLogEntryRecord.columns) FROM transparency_log_entries WHERE log_index = ?", [index],
                       TransparencyLogEntryRecord.init)
        }
    }

    public func logEntry(leafHash: String) throws -> TransparencyLogEntryRecord? {
        try withDB { db in
            try db.row("SELECT \(TransparencyLogEntryRecord.columns) FROM transparency_log_entries WHERE leaf_hash = ?",
                       [leafHash.lowercased()], TransparencyLogEntryRecord.init)
        }
    }

    public func logEntries(from start: Int, limit: Int) throws -> [TransparencyLogEntryRecord] {
        try withDB { db in
            try db.rows("""
                SELECT \(TransparencyLogEntryRecord.columns) FROM transparency_log_entries
                WHERE log_index >= ? ORDER BY log_index LIMIT ?
                """, [start, limit], TransparencyLogEntryRecord.init)
        }
    }

    public func logLeafHashes() throws -> [(index: Int, leafHash: String)] {
        try withDB { db in
            try db.rows("SELECT log_index, leaf_hash FROM transparency_log_entries ORDER BY log_index") { r in (r.int(), r.string()) }
        }
    }

    public func logEntryIndexes(artifactHash: String, limit: Int) throws -> [Int] {
        try withDB { db in
            try db.rows("SELECT log_index FROM transparency_log_entries WHERE artifact_hash = ? ORDER BY log_index LIMIT ?",
                        [artifactHash.lowercased(), limit]) { $0.int() }
        }
    }

    public func logHead() throws -> TransparencyLogHead? {
        try withDB { db in
            try db.row("SELECT tree_size, root_hash FROM transparency_log_head WHERE id = 1") { r in
                TransparencyLogHead(size: r.int(), rootHash: r.string())
            }
        }
    }
}
