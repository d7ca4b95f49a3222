import Foundation

extension UserRecord {
    static let columns = "id, username, name, email, is_admin, state, created_at, user_type"

    init(row r: inout SQLiteRow) {
        self.init(id: r.int(), username: r.string(), name: r.string(), email: r.string(), isAdmin: r.bool(),
                  state: r.string(), createdAt: r.date(), userType: r.string())
    }
}

extension AccessTokenRecord {
    static let columns = "id, user_id, name, token_digest, scopes, created_at, expires_at, revoked, last_used_at"

    init(row r: inout SQLiteRow) {
        self.init(id: r.int(), userID: r.int(), name: r.string(), tokenDigest: r.string(), scopes: r.strings(),
                  createdAt: r.date(), expiresAt: r.dateOrNil(), revoked: r.bool(), lastUsedAt: r.dateOrNil())
    }
}

extension SQLiteStore {
    public func createUser(_ user: UserRecord) throws -> UserRecord {
        try withDB { db in
            try db.run("INSERT INTO users (username, name, email, is_admin, state, created_at, user_type) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [user.username, user.name, user.email, user.isAdmin, user.state, user.createdAt, user.userType])
            var created = user
            created.id = db.lastInsertID
            return created
        }
    }

    public func updateUser(_ user: UserRecord) throws {
        let changed = try withDB { db in
            try db.run("UPDATE users SET username = ?, name = ?, email = ?, is_admin = ?, state = ?, created_at = ?, user_type = ? WHERE id = ?",
                       [user.username, user.name, user.email, user.isAdmin, user.state, user.createdAt, user.userType, user.id])
        }
        if changed == 0 { throw StoreError.notFound("user \(user.id)") }
    }

    public func user(id: Int) throws -> UserRecord? {
        try withDB { db in try db.row("SELECT \(UserRecord.columns) FROM users WHERE id = ?", [id], UserRecord.init) }
    }

    public func user(username: String) throws -> UserRecord? {
        try withDB { db in
            try db.row("SELECT \(UserRecord.columns) FROM users WHERE username = ?", [username], UserRecord.init)
        }
    }

    public func users(page: Int, perPage: Int) throws -> Page<UserRecord> {
        let (limit, offset) = Self.limits(page: page, perPage: perPage)
        return try withDB { db in
            let items = try db.rows("SELECT \(UserRecord.columns) FROM users ORDER BY id DESC LIMIT ? OFFSET ?",
                                    [limit, offset], UserRecord.init)
            return (items, try db.int("SELECT COUNT(*) FROM users"))
        }
    }

    public func createAccessToken(_ token: AccessTokenRecord) throws -> AccessTokenRecord {
        try withDB { db in
            try db.run("""
                INSERT INTO access_tokens (user_id, name, token_digest, scopes, created_at, expires_at, revoked, last_used_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [token.userID, token.name, token.tokenDigest, token.scopes, token.createdAt, token.expiresAt,
                      token.revoked, token.lastUsedAt])
            var created = token
            created.id = db.lastInsertID
            return created
        }
    }

    public func user(forTokenDigest digest: String, at now: Date) throws -> (user: UserRecord, token: AccessTokenRecord)? {
        try withDB { db in
            let tokenSQL = """
                SELECT \(AccessTokenRecord.columns) FROM access_tokens
                WHERE token_digest = ? AND revoked = 0 AND (expires_at IS NULL OR expires_at > ?)
                """
            guard var token = try db.row(tokenSQL, [digest, now], AccessTokenRecord.init),
                  let user = try db.row("SELECT \(UserRecord.columns) FROM users WHERE id = ?", [token.userID],
                                        UserRecord.init)
            else { return nil }
            // A write per API call would serialize every request on the database: once a minute is enough.
            if token.lastUsedAt.map({ now.timeIntervalSince($0) >= 60 }) ?? true {
                try db.run("UPDATE access_tokens SET last_used_at = ? WHERE id = ?", [now, token.id])
                token.lastUsedAt = Date(timeIntervalSince1970: Double(now.storedMilliseconds) / 1000)
            }
            return (user, token)
        }
    }

    public func accessToken(digest: String) throws -> AccessTokenRecord? {
        try withDB { db in
            try db.row("SELECT \(AccessTokenRecord.columns) FROM access_tokens WHERE token_digest = ?", [digest],
                       AccessTokenRecord.init)
        }
    }

    public func accessToken(id: Int) throws -> AccessTokenRecord? {
        try withDB { db in
            try db.row("SELECT \(AccessTokenRecord.columns) FROM access_tokens WHERE id = ?", [id], AccessTokenRecord.init)
        }
    }

    public func accessTokens(page: Int, perPage: Int, userID: Int?) throws -> Page<AccessTokenRecord> {
        let (limit, offset) = Self.limits(page: page, perPage: perPage)
        let filter = "?1 IS NULL OR user_id = ?1"
        return try withDB { db in
            let items = try db.rows("""
                SELECT \(AccessTokenRecord.columns) FROM access_tokens WHERE \(filter) ORDER BY id LIMIT ?2 OFFSET ?3
                """, [userID, limit, offset], AccessTokenRecord.init)
            return (items, try db.int("SELECT COUNT(*) FROM access_tokens WHERE \(filter)", [userID]))
        }
    }

    @discardableResult
    public func revokeAccessToken(id: Int) throws -> Bool {
        try withDB { db in try db.run("UPDATE access_tokens SET revoked = 1 WHERE id = ?", [id]) > 0 }
    }

    public func accessTokens(userID: Int) throws -> [AccessTokenRecord] {
        try withDB { db in
            try db.rows("SELECT \(AccessTokenRecord.columns) FROM access_tokens WHERE user_id = ? ORDER BY id", [userID],
                        AccessTokenRecord.init)
        }
    }
}
