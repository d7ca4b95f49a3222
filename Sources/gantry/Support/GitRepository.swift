import Foundation

/// What planning needs to know from the git checkout a pipeline file lives in.
struct GitRepository {
    let root: URL

    /// The checkout containing `directory` (the nearest folder above it holding `.git`), or nil
    /// outside git. Found without starting git: `gantry lint` should cost a file read, not a process.
    static func containing(_ directory: URL) -> GitRepository? {
        var current = directory.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: current.appendingPathComponent(".git").path) {
                return GitRepository(root: current)
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    private func git(_ args: String...) -> String? { Shell.output("git", ["-C", root.path] + args) }

    var currentBranch: String? {
        guard let b = git("symbolic-ref", "--quiet", "--short", "HEAD"), !b.isEmpty else { return nil }
        return b
    }

    /// origin's HEAD when known, else `init.defaultBranch`, else `main`.
    var defaultBranch: String {
        if let head = git("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"), let slash = head.firstIndex(of: "/") {
            return String(head[head.index(after: slash)...])
        }
        if let configured = git("config", "init.defaultBranch"), !configured.isEmpty { return configured }
        return "main"
    }

    var headSHA: String? { git("rev-parse", "HEAD") }
    var headMessage: String? { git("log", "-1", "--format=%B") }

    /// `group/subgroup/project` from origin's URL (https, ssh or scp-like forms).
    var projectPath: String? {
        guard let url = git("remote", "get-url", "origin") else { return nil }
        return GitRepository.projectPath(fromRemote: url)
    }

    static func projectPath(fromRemote url: String) -> String? {
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
}
