import GantryHTTP

/// GitLab's page paths: `/<namespace path>` is a group or a project (`/group/sub/project`), and
/// what belongs to a project or group sits after a `-` segment (`/group/project/-/pipelines/7`),
/// a name no group or project may take.
struct GitLabPath: Equatable {
    /// `group/sub/project`, percent-decoded per segment.
    let namespacePath: String
    /// What follows `/-`, such as `/pipelines/7`; nil for the project or group page itself.
    let rest: String?

    /// Nil for a path no page can have: empty, with an empty, `.` or `..` segment, or that starts with `-`.
    init?(_ rawPath: String) {
        var segments = rawPath.split(separator: "/", omittingEmptySubsequences: false)
        if segments.first == "" { segments.removeFirst() }
        if segments.last == "" { segments.removeLast() }
        let dash = segments.firstIndex(of: "-")
        let names = segments[..<(dash ?? segments.endIndex)].map { PercentEncoding.decode($0) }
        guard !names.isEmpty, !names.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." || $0.contains("/") }) else {
            return nil
        }
        namespacePath = names.joined(separator: "/")
        rest = dash.map { "/" + segments[($0 + 1)...].joined(separator: "/") }
    }
}

extension GitLabPath {
    init(namespace: String, rest: String?) {
        namespacePath = namespace
        self.rest = rest
    }
}
