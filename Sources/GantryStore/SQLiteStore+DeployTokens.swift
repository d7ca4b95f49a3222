import Foundation

extension DeployTokenRecord {
    static let columns = "id, owner_kind, owner_id, name, username, token_digest, scopes, created_at, expires_at, revoked"

    init(row r: inout SQLiteRow) {
        self.init(id: r.int(), ownerKind: r.string(), ownerID: r.int(), name: r.string(), username: r.string(),
                  tokenDigest: r.string(), scopes: r.strings(), createdAt: r.date(), expiresAt: r.dateOrNil(), revoked: r.bool())
    }
}

extension SQLiteStore {
    /// An empty username becomes GitLab's `gitlab+deploy-token-<id>`.
    public func createDeployToken(_ token: DeployTokenRecord) throws -> DeployTokenRecord {
        try withDB { db in
            try db.transaction {
                try db.run("""
                    INSERT INTO deploy_tokens (owner_kind, owner_id, name, username, token_digest, scopes, created_at, expires_at, revoked)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [token.ownerKind, token.ownerID, token.name, token.username, token.tokenDigest, token.scopes,
                          token.createdAt, token.expiresAt, token.revoked])
                var created = token
                created.id = db.lastInsertID
                if created.username.isEmpty {
                    created.username = "gitlab+deploy-token-\(created.id)"
                    _ = try db.run("UPDATE deploy_tokens SET username = ? WHERE id = ?", [created.username, created.id])
                }
                return created
            }
        }
    }

    public func deployToken(id: Int) throws -> DeployTokenRecord? {
        try withDB { db in
            try db.row("SELECT \(DeployTokenRecord.columns) FROM deploy_tokens WHERE id = ?", [id], DeployTokenRecord.init)
        }
    }

    public func deployToken(digest: String) throws -> DeployTokenRecord? {
        try withDB { db in
            try db.row("SELECT \(DeployTokenRecord.columns) FROM deploy_tokens WHERE token_digest = ?", [digest],
                       DeployTokenRecord.init)
        }
    }

    public func deployTokens(ownerKind: String, ownerID: Int) throws -> [DeployTokenRecord] {
        try withDB { db in
            try db.rows("SELECT \(DeployTokenRecord.columns) FROM deploy_tokens WHERE owner_kind = ? AND owner_id = ? ORDER BY id",
                        [ownerKind, ownerID], DeployTokenRecord.init)
        }
    }

    @discardableResult
    public func revokeDeployToken(id: Int) throws -> Bool {
        try withDB { db in try db.run("UPDATE deploy_tokens SET revoked = 1 WHERE id = ?", [id]) > 0 }
    }
}
