import GantryHTTP

/// The page paths the UI links to, GitLab's. Namespace paths are made of letters, digits,
/// `_`, `-` and `.` (GitLab's rule), so they go into a path as they are; anything else is
/// percent-encoded per segment.
enum Paths {
    static func project(_ path: String) -> String { "/" + encoded(path) }
    static func group(_ path: String) -> String { "/groups/" + encoded(path) }
    static func pipelines(_ projectPath: String) -> String { project(projectPath) + "/-/pipelines" }
    static func pipeline(_ project: String, _ id: Int) -> String { pipelines(project) + "/\(id)" }
    static func job(_ projectPath: String, _ id: Int) -> String { project(projectPath) + "/-/jobs/\(id)" }

    /// Each segment percent-encoded (also a path inside an artifacts archive: `?`, `#`, `%` stay in one name).
    static func encoded(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { PercentEncoding.encodeQueryComponent(String($0)) }
            .joined(separator: "/")
    }
}
