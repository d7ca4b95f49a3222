/// A protected branch or tag of a project. `name` is a ref name or a wildcard (`release-*`).
/// For tags, `pushAccessLevel` is GitLab's create_access_level and `mergeAccessLevel` is unused.
/// Levels: 0 no one, 30 Developers and Maintainers, 40 Maintainers, 60 administrators.
public struct ProtectedRefRecord: Sendable, Equatable {
    public var id: Int
    public var projectID: Int
    /// "branch" or "tag".
    public var kind: String
    public var name: String
    public var pushAccessLevel: Int
    public var mergeAccessLevel: Int
    public var allowForcePush: Bool

    public init(id: Int = 0, projectID: Int, kind: String, name: String, pushAccessLevel: Int = 40,
                mergeAccessLevel: Int = 40, allowForcePush: Bool = false) {
        self.id = id
        self.projectID = projectID
        self.kind = kind
        self.name = name
        self.pushAccessLevel = pushAccessLevel
        self.mergeAccessLevel = mergeAccessLevel
        self.allowForcePush = allowForcePush
    }

    /// GitLab's wildcard matching: `*` matches any run of characters (slashes included), all else literally.
    public func matches(_ ref: String) -> Bool {
        guard name.contains("*") else { return name == ref }
        let parts = name.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard ref.hasPrefix(parts[0]) else { return false }
        var rest = Substring(ref.dropFirst(parts[0].count))
        for (i, part) in parts.enumerated().dropFirst() {
            if i == parts.count - 1 { return part.isEmpty || (rest.count >= part.count && rest.hasSuffix(part)) }
            guard !part.isEmpty else { continue }
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }
}
