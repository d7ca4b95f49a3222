import Foundation

/// A group or subgroup (GitLab's group namespaces).
public struct GroupRecord: Sendable, Equatable {
    public var id: Int
    public var name: String
    /// The last path segment, e.g. "libs".
    public var path: String
    /// Unique, compared case-insensitively, e.g. "acme/python/libs".
    public var fullPath: String
    public var parentID: Int?
    /// "private", "internal" or "public".
    public var visibility: String
    public var description: String
    public var createdAt: Date

    public init(id: Int = 0, name: String, path: String, fullPath: String, parentID: Int? = nil,
                visibility: String = "private", description: String = "", createdAt: Date) {
        self.id = id
        self.name = name
        self.path = path
        self.fullPath = fullPath
        self.parentID = parentID
        self.visibility = visibility
        self.description = description
        self.createdAt = createdAt
    }
}
