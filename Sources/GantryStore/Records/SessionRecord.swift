import Foundation

/// A person signed in to the web UI in one browser. The cookie holds a secret the store never
/// sees; the row is found by the secret's sha256.
public struct SessionRecord: Sendable, Equatable {
    public var id: Int
    public var digest: String
    public var userID: Int
    /// The token every form of this session carries (not a credential by itself).
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(id: Int = 0, digest: String, userID: Int, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.id = id
        self.digest = digest
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
