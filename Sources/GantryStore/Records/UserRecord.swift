import Foundation

/// A user account (GitLab's `users`).
public struct UserRecord: Sendable, Equatable {
    public var id: Int
    /// Unique, compared case-insensitively.
    public var username: String
    public var name: String
    public var email: String
    public var isAdmin: Bool
    /// "active", "blocked", ...
    public var state: String
    public var createdAt: Date
    /// "human", or "project_bot" for the user behind a project or group access token.
    public var userType: String

    public var isBot: Bool { userType == "project_bot" }

    public init(id: Int = 0, username: String, name: String, email: String, isAdmin: Bool = false,
                state: String = "active", createdAt: Date, userType: String = "human") {
        self.id = id
        self.username = username
        self.name = name
        self.email = email
        self.isAdmin = isAdmin
        self.state = state
        self.createdAt = createdAt
        self.userType = userType
    }
}
