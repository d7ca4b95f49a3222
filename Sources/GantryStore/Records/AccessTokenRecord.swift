import Foundation

/// A personal access token. The store only sees the digest, never the secret.
public struct AccessTokenRecord: Sendable, Equatable {
    public var id: Int
    public var userID: Int
    public var name: String
    /// Lower-case hex SHA-256 of the secret; unique.
    public var tokenDigest: String
    /// "api", "read_api", ...
    public var scopes: [String]
    public var createdAt: Date
    public var expiresAt: Date?
    public var revoked: Bool
    public var lastUsedAt: Date?

    public init(id: Int = 0, userID: Int, name: String, tokenDigest: String, scopes: [String], createdAt: Date,
                expiresAt: Date? = nil, revoked: Bool = false, lastUsedAt: Date? = nil) {
        self.id = id
        self.userID = userID
        self.name = name
        self.tokenDigest = tokenDigest
        self.scopes = scopes
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revoked = revoked
        self.lastUsedAt = lastUsedAt
    }
}
