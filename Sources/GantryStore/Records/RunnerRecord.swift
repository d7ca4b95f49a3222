import Foundation

/// A registered runner. The store only sees the digest of its authentication token.
public struct RunnerRecord: Sendable, Equatable {
    public var id: Int
    /// Hex SHA-256 of the runner token; unique.
    public var tokenDigest: String
    public var description: String
    public var tags: [String]
    public var runUntagged: Bool
    public var locked: Bool
    public var active: Bool
    public var createdAt: Date
    public var contactedAt: Date?
    /// The runner's system_id (one per machine/config), as sent by gitlab-runner.
    public var systemID: String?

    public init(id: Int = 0, tokenDigest: String, description: String = "", tags: [String] = [],
                runUntagged: Bool = true, locked: Bool = false, active: Bool = true, createdAt: Date,
                contactedAt: Date? = nil, systemID: String? = nil) {
        self.id = id
        self.tokenDigest = tokenDigest
        self.description = description
        self.tags = tags
        self.runUntagged = runUntagged
        self.locked = locked
        self.active = active
        self.createdAt = createdAt
        self.contactedAt = contactedAt
        self.systemID = systemID
    }
}
