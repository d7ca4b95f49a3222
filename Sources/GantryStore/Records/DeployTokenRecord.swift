import Foundation

/// A project or group deploy token: a username (`gitlab+deploy-token-N` unless given) and a secret
/// with scopes, not tied to any user.
public struct DeployTokenRecord: Sendable, Equatable {
    public var id: Int
    /// "project" or "group".
    public var ownerKind: String
    public var ownerID: Int
    public var name: String
    public var username: String
    public var tokenDigest: String
    /// read_repository, read_registry, write_registry, read_package_registry, write_package_registry.
    public var scopes: [String]
    public var createdAt: Date
    public var expiresAt: Date?
    public var revoked: Bool

    public init(id: Int = 0, ownerKind: String, ownerID: Int, name: String, username: String = "", tokenDigest: String,
                scopes: [String], createdAt: Date, expiresAt: Date? = nil, revoked: Bool = false) {
        self.id = id
        self.ownerKind = ownerKind
        self.ownerID = ownerID
        self.name = name
        self.username = username
        self.tokenDigest = tokenDigest
        self.scopes = scopes
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revoked = revoked
    }

    public func isExpired(at now: Date) -> Bool { expiresAt.map { $0 <= now } ?? false }
}
