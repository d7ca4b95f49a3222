import Foundation

/// The user's project as `gantry run` hands it to its jobs, looked at once per pipeline: whether
/// it is the top of a git checkout with a commit, where its objects are (a job's working copy
/// borrows them instead of copying), its branches and tags, and which tracked files differ from
/// HEAD (uncommitted changes, staged or not, which every job gets on top of the commit). The
/// checkout is only read; file contents are read when each job starts.
public final class LocalSource: Sendable {
    public let root: URL
    /// Set when `root` is the top of a git checkout with at least one commit.
    public let git: GitFacts?
    /// Tracked files (or, outside git, every file) to copy when there is no commit to check out:
    /// a project in a sub-folder of a repository (an example).
    public let plainFiles: [String]

    public struct GitFacts: Sendable {
        public let head: String
        /// The checkout's `.git` (or the common one of a worktree) and its objects folder.
        public let gitDirectory: String
        public let objectsDirectory: String
        /// `(sha, ref)` for every branch (as `refs/remotes/origin/NAME`, as a clone names them) and tag.
        public let refs: [(sha: String, name: String)]
        /// Tracked files whose working-tree state differs from HEAD (changed, added, deleted).
        public let changed: [String]
    }

    /// Read in this process (libgit2): starting `git` three times cost more than the rest of a
    /// short pipeline's planning.
    public init(root: URL) {
        self.root = root
        let repository = try? GitRepository.open(root)
        if let repository, let top = repository.workingDirectory, Self.samePath(top.path, root.path),
           let head = repository.resolve("HEAD") {
            let refs = repository.references(under: ["refs/heads/", "refs/tags/"]).map { ref in
                (sha: ref.sha, name: ref.name.hasPrefix("refs/heads/") ? "refs/remotes/origin/" + ref.name.dropFirst("refs/heads/".count) : ref.name)
            }
            let common = repository.commonDirectory.standardizedFileURL
            git = GitFacts(head: head, gitDirectory: common.path, objectsDirectory: common.appendingPathComponent("objects").path,
                           refs: refs, changed: (try? repository.changedFiles(since: "HEAD")) ?? [])
            plainFiles = []
        } else {
            git = nil
            plainFiles = Self.trackedOrAllFiles(root, repository: repository)
        }
    }

    static func samePath(_ a: String, _ b: String) -> Bool {
        let resolve = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        return resolve(a) == resolve(b)
    }

    /// Lays the uncommitted changes over a working copy checked out at HEAD: changed and added
    /// files copied, deleted ones removed. Returns how many paths it touched.
    func overlayChanges(on directory: URL) throws -> Int {
        guard let git else { return 0 }
        for path in git.changed {
            let from = root.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: from.path) || Self.isSymlink(from) {
                try copy(path, into: directory)
            } else {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(path))
            }
        }
        return git.changed.count
    }

    /// Fills an empty folder with `plainFiles`.
    func copyPlainFiles(into directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for path in plainFiles { try copy(path, into: directory) }
    }

    /// The tracked files (as they are in the working tree) of the folder's repository, or every
    /// file of a folder outside git but Gantry's own state.
    private static func trackedOrAllFiles(_ source: URL, repository: GitRepository?) -> [String] {
        if let repository, let top = repository.workingDirectory {
            let resolve = { (url: URL) in url.standardizedFileURL.resolvingSymlinksInPath().path }
            let (topPath, sourcePath) = (resolve(top), resolve(source))
            let folder = sourcePath == topPath ? "" : sourcePath.hasPrefix(topPath + "/") ? String(sourcePath.dropFirst(topPath.count + 1)) : nil
            if let folder, let tracked = try? repository.trackedFiles(under: folder), !tracked.isEmpty {
                return tracked
            }
        }
        let base = source.standardizedFileURL.path
        var files: [String] = []
        let walker = FileManager.default.enumerator(atPath: base)
        while let path = walker?.nextObject() as? String {
            let name = (path as NSString).lastPathComponent
            if name == ".git" || name == ".gantry" { walker?.skipDescendants(); continue }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isDir), !isDir.boolValue {
                files.append(path)
            }
        }
        return files
    }

    static func isSymlink(_ url: URL) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
    }

    /// A real copy, never a hard link: a job that appends to a file must not touch the user's.
    private func copy(_ path: String, into directory: URL) throws {
        let from = root.appendingPathComponent(path)
        let to = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: to)
        if Self.isSymlink(from) {
            let target = try FileManager.default.destinationOfSymbolicLink(atPath: from.path)
            try FileManager.default.createSymbolicLink(atPath: to.path, withDestinationPath: target)
        } else if FileManager.default.fileExists(atPath: from.path) {
            try FileManager.default.copyItem(at: from, to: to)
        }
    }
}
