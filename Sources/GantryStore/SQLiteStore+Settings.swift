extension SQLiteStore {
    public func setting(_ key: String) throws -> String? {
        try withDB { db in try db.row("SELECT value FROM settings WHERE key = ?", [key]) { $0.string() } }
    }

    public func setSetting(_ key: String, _ value: String) throws {
        try withDB { db in
            _ = try db.run("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           [key, value])
        }
    }
}
