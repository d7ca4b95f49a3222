import Foundation

/// What planning needs to know from the git checkout a pipeline file lives in (`gantry plan`,
/// `gantry run`, `gantry python version`), asked of git through `Git`.
public struct GitCheckout: Sendable {
    public let root: URL

    /// The checkout at `root`, or a folder inside one: git finds the rest.
    public init(root: URL) {
        self.root = root
    }

    /// The checkout containing `directory` (the nearest folder above it holding `.git`), or nil
    /// outside git. Found without starting git: `gantry lint` should cost a file read, not a process.
    public static func containing(_ directory: URL) -> GitCheckout? {
        var current = directory.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: current.appendingPathComponent(".git").path) {
                return GitCheckout(root: current)
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    private func git(_ args: String...) -> String? { Git.run(args, in: root) }

    public var currentBranch: String? {
        guard let b = git("symbolic-ref", "--quiet", "--short", "HEAD"), !b.isEmpty else { return nil }
        return b
    }

    /// origin's HEAD when known, else `init.defaultBranch`, else `main`.
    public var defaultBranch: String {
        if let head = git("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"), let slash = head.firstIndex(of: "/") {
            return String(head[head.index(after: slash)...])
        }
        if let configured = git("config", "init.defaultBranch"), !configured.isEmpty { return configured }
        return "main"
    }

    public var headSHA: String? { git("rev-parse", "HEAD") }
    public var headMessage: String? { git("log", "-1", "--format=%B") }

    /// `group/subgroup/project` from origin's URL (https, ssh or scp-like forms).
    public var projectPath: String? {
        guard let url = git("remote", "get-url", "origin") else { return nil }
        return GitCheckout.projectPath(fromRemote: url)
    }

    public static func projectPath(fromRemote url: String) -> String? {
        var path = url
        if let scheme = path.range(of: "://") {
            path = String(path[scheme.upperBound...])
            guard let slash = path.firstIndex(of: "/") else { return nil }
            path = String(path[path.index(after: slash)...])
        } else if let colon = path.firstIndex(of: ":") {
            path = String(path[path.index(after: colon)...])
        }
        if path.hasSuffix(".git") { path = String(path.dropLast(4)) }
        path = path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return path.isEmpty ? nil : path
    }

    /// The tags reachable from HEAD, one per line as git lists them; nil when git fails.
    public var tagsMergedIntoHead: [String]? {
        git("tag", "--merged", "HEAD")?.split(whereSeparator: \.isNewline).map(String.init)
    }
}
