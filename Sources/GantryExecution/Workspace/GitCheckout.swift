import Foundation

/// What planning needs to know from the git checkout a pipeline file lives in (`gantry plan`,
/// `gantry run`, `gantry python version`), read through `GitRepository` (libgit2).
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

    /// The git facts a plan is for, read in one pass through libgit2 (no `git` process): all
    /// nil, and `main`, where the folder is no readable repository.
    public struct Facts: Sendable, Equatable {
        /// The branch HEAD is on; nil when HEAD is detached.
        public var branch: String?
        /// origin's HEAD when known, else `init.defaultBranch`, else `main`.
        public var defaultBranch: String
        /// HEAD's commit; nil before the first commit.
        public var headSHA: String?
        /// HEAD's commit message, surrounding blank lines trimmed.
        public var headMessage: String?
        /// origin's URL.
        public var remoteURL: String?

        /// `group/subgroup/project` from origin's URL.
        public var projectPath: String? { remoteURL.flatMap(GitCheckout.projectPath(fromRemote:)) }
    }

    public func facts() -> Facts {
        guard let repository = try? GitRepository.open(root) else {
            return Facts(branch: nil, defaultBranch: "main", headSHA: nil, headMessage: nil, remoteURL: nil)
        }
        let head = repository.commit("HEAD")
        return Facts(branch: repository.currentBranch, defaultBranch: GitCheckout.defaultBranch(of: repository),
                     headSHA: head?.sha, headMessage: head?.message.trimmingCharacters(in: .whitespacesAndNewlines),
                     remoteURL: repository.remoteURL("origin"))
    }

    /// The branch HEAD is on; nil when HEAD is detached or `root` is no repository.
    public var currentBranch: String? {
        (try? GitRepository.open(root))?.currentBranch
    }

    static func defaultBranch(of repository: GitRepository) -> String {
        if let head = repository.symbolicTarget(of: "refs/remotes/origin/HEAD").map(GitRepository.shortName),
           let slash = head.firstIndex(of: "/") {
            return String(head[head.index(after: slash)...])
        }
        if let configured = repository.config("init.defaultBranch")?.trimmingCharacters(in: .whitespacesAndNewlines),
           !configured.isEmpty { return configured }
        return "main"
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
        Git.run(["tag", "--merged", "HEAD"], in: root)?.split(whereSeparator: \.isNewline).map(String.init)
    }
}
