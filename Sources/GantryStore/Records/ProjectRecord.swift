import Foundation

/// A project, in a user's or a group's namespace.
public struct ProjectRecord: Sendable, Equatable {
    public var id: Int
    public var name: String
    public var path: String
    /// "user" or "group": which table `namespaceID` points into.
    public var namespaceKind: String
    public var namespaceID: Int
    /// Unique, compared case-insensitively, e.g. "acme/python/libs/parser".
    public var pathWithNamespace: String
    public var visibility: String
    public var description: String
    public var defaultBranch: String
    public var createdAt: Date
    public var lastActivityAt: Date
    public var creatorID: Int

    public init(id: Int = 0, name: String, path: String, namespaceKind: String, namespaceID: Int,
                pathWithNamespace: String, visibility: String = "private", description: String = "",
                defaultBranch: String = "main", createdAt: Date, lastActivityAt: Date, creatorID: Int) {
        self.id = id
        self.name = name
        self.path = path
        self.namespaceKind = namespaceKind
        self.namespaceID = namespaceID
        self.pathWithNamespace = pathWithNamespace
        self.visibility = visibility
        self.description = description
        self.defaultBranch = defaultBranch
        self.createdAt = createdAt
        self.lastActivityAt = lastActivityAt
        self.creatorID = creatorID
    }
}
