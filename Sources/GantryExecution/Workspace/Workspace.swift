import Foundation

/// A job's fresh copy of the project: the files as git sees them (tracked files, with their
/// uncommitted changes) plus a `.git` that shares the user's objects, at a path that jobs reuse
/// slot by slot, as the GitLab runner's shell executor does (so a cached `.venv` keeps working).
/// The user's checkout is only read.
public struct Workspace: Sendable {
    public let source: URL
    /// The commit to check out when `source` is the top of a git checkout with history; a
    /// project in a sub-folder of a repository (an example) gets its tracked files copied instead.
    public let gitHead: String?

    public init(source: URL) {
        self.source = source
        let top = Git.run(["rev-parse", "--show-toplevel"], in: source).map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        self.gitHead = top == source.standardizedFileURL.path ? Git.run(["rev-parse", "--verify", "-q", "HEAD"], in: source) : nil
    }

    /// Empties `directory` and fills it with the project.
    public func prepare(_ directory: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: directory.path) { try fm.removeItem(at: directory) }
        try fm.createDirectory(at: directory.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let head = gitHead {
            try cloneShared(head, into: directory)
        } else {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
            for path in trackedOrAllFiles() { try copy(path, into: directory) }
        }
    }

    /// A runner's checkout: the commit fetched from the server over HTTP (the URL carries the job
    /// token, which only lives while the job runs) and checked out detached, as GitLab's runner does.
    public static func fetch(url: String, sha: String, into directory: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: directory.path) { try fm.removeItem(at: directory) }
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        guard Git.run(["init", "--quiet"], in: directory) != nil,
              Git.run(["fetch", "--quiet", "--no-tags", url, sha], in: directory) != nil,
              Git.run(["-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", sha], in: directory) != nil else {
            throw WorkspaceError("cannot fetch commit \(sha) from \(Workspace.withoutCredentials(url))")
        }
    }

    /// `http://user:secret@host/...` → `http://host/...`, for messages.
    static func withoutCredentials(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return url }
        parts.user = nil
        parts.password = nil
        return parts.string ?? url
    }

    /// `git clone --shared` (objects borrowed, nothing copied), the commit checked out detached as
    /// the runner does, then the working tree's changes to tracked files laid on top.
    private func cloneShared(_ head: String, into directory: URL) throws {
        guard Git.run(["clone", "--quiet", "--shared", "--no-checkout", source.path, directory.path], in: source) != nil,
              Git.run(["-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", head], in: directory) != nil else {
            throw WorkspaceError("cannot clone \(source.path) into \(directory.path)")
        }
        // Changed, added (staged) and deleted tracked files, relative to HEAD.
        let changed = Git.lines(["diff", "--name-only", "--no-renames", "-z", "HEAD"], in: source, nul: true)
        for path in changed {
            let from = source.appendingPathComponent(path)
            let to = directory.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: from.path) || isSymlink(from) {
                try copy(path, into: directory)
            } else {
                try? FileManager.default.removeItem(at: to)
            }
        }
    }

    /// Without a commit to clone: the tracked files (as they are in the working tree) of the
    /// folder's repository, or every file of a folder outside git.
    private func trackedOrAllFiles() -> [String] {
        let tracked = Git.lines(["ls-files", "-z", "--cached"], in: source, nul: true)
        if !tracked.isEmpty { return tracked }
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

    private func isSymlink(_ url: URL) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
    }

    /// A real copy, never a hard link: a job that appends to a file must not touch the user's.
    private func copy(_ path: String, into directory: URL) throws {
        let from = source.appendingPathComponent(path)
        let to = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: to)
        if isSymlink(from) {
            let target = try FileManager.default.destinationOfSymbolicLink(atPath: from.path)
            try FileManager.default.createSymbolicLink(atPath: to.path, withDestinationPath: target)
        } else if FileManager.default.fileExists(atPath: from.path) {
            try FileManager.default.copyItem(at: from, to: to)
        }
    }
}

public struct WorkspaceError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
