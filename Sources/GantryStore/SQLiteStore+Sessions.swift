import Foundation

extension SessionRecord {
    static let columns = "id, digest, user_id, csrf_token, created_at, expires_at"

    init(row r: inout SQLiteRow) {
        self.init(id: r.int(), digest: r.string(), userID: r.int(), csrfToken: r.string(), createdAt: r.date(), expiresAt: r.date())
    }
}

extension SQLiteStore {
    public func setPasswordDigest(userID: Int, _ digest: String?) throws {
        let changed = try withDB { db in try db.run("UPDATE users SET password_digest = ? WHERE id = ?", [digest, userID]) }
        if changed == 0 { throw StoreError.notFound("user \(userID)") }
    }

    public func passwordDigest(userID: Int) throws -> String? {
        try withDB { db in try db.row("SELECT password_digest FROM users WHERE id = ?", [userID]) { $0.stringOrNil() } } ?? nil
    }

    public func createSession(_ session: SessionRecord) throws -> SessionRecord {
        try withDB { db in
            try db.run("INSERT INTO web_sessions (digest, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                       [session.digest, session.userID, session.csrfToken, session.createdAt, session.expiresAt])
            var created = session
            created.id = db.lastInsertID
            return created
        }
    }

    public func session(digest: String, at now: Date) throws -> SessionRecord? {
        try withDB { db in
            try db.row("SELECT \(SessionRecord.columns) FROM web_sessions WHERE digest = ? AND expires_at > ?", [digest, now],
                       SessionRecord.init)
        }
    }

    public func deleteSession(digest: String) throws -> Bool {
        try withDB { db in try db.run("DELETE FROM web_sessions WHERE digest = ?", [digest]) } > 0
    }

    public func deleteSessions(userID: Int) throws -> Int {
        try withDB { db in try db.run("DELETE FROM web_sessions WHERE user_id = ?", [userID]) }
    }

    public func deleteExpiredSessions(before date: Date) throws {
        _ = try withDB { db in try db.run("DELETE FROM web_sessions WHERE expires_at <= ?", [date]) }
    }
}
