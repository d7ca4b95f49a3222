import Foundation

/// A user's role in a group or a project (GitLab's members). Roles are GitLab's access levels:
/// Guest 10, Reporter 20, Developer 30, Maintainer 40, Owner 50. A group's members are members
/// of its subgroups and projects too, at the same role or higher where they are also direct members.
public struct MemberRecord: Sendable, Equatable {
    /// "group" or "project".
    public var sourceKind: String
    public var sourceID: Int
    public var userID: Int
    public var accessLevel: Int
    public var createdAt: Date
    /// The membership ends at this date (GitLab's expires_at is a day; stored as its midnight UTC).
    public var expiresAt: Date?
    public var createdByID: Int?

    public init(sourceKind: String, sourceID: Int, userID: Int, accessLevel: Int, createdAt: Date,
                expiresAt: Date? = nil, createdByID: Int? = nil) {
        self.sourceKind = sourceKind
        self.sourceID = sourceID
        self.userID = userID
        self.accessLevel = accessLevel
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.createdByID = createdByID
    }
}
