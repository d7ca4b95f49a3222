import Foundation

/// Reads a bare repository for the repository API: refs with their commits, commit logs, trees,
/// blobs, and the changes between two commits. Every name or path it is given has passed
/// `GitNames`, and revisions are resolved to full ids before they reach a git command line.
struct RepositoryReader: Sendable {
    let git: GitProcess

    init(path: URL) { git = GitProcess(gitDir: path) }

    struct Commit: Sendable {
        var id: String
        var parents: [String]
        var authorName, authorEmail, authoredDate: String
        var committerName, committerEmail, committedDate: String
        var message: String
        var title: String { String(message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }
    }

    struct Ref: Sendable {
        var name: String
        /// The commit it points to (a tag peeled).
        var commit: String
        /// An annotated tag's own object id; the commit for a lightweight tag or a branch.
        var target: String
        /// An annotated tag's message; nil for a lightweight tag.
        var message: String?
        var createdAt: String?
    }

    struct Entry: Sendable {
        var mode: String
        var type: String
        var id: String
        var size: Int?
        var path: String
        var name: String { String(path.split(separator: "/").last ?? Substring(path)) }
    }

    // MARK: Refs

    /// `refs/heads/*` (kind "heads") or `refs/tags/*` ("tags"), sorted by name; with `name`, only
    /// that ref (git's pattern is a prefix by path component, so the exact name is filtered after).
    func refs(_ kind: String, named name: String? = nil) -> [Ref] {
        let fields = ["%(refname)", "%(objectname)", "%(*objectname)", "%(objecttype)", "%(contents)", "%(creatordate:iso-strict)"]
        // No ref has a glob character (check-ref-format), so a name with one names nothing.
        if let name, name.isEmpty || name.contains(where: { "*?[\\".contains($0) }) { return [] }
        let pattern = "refs/\(kind)" + (name.map { "/" + $0 } ?? "")
        guard let out = git.text(["for-each-ref", "--sort=refname", "--format=" + fields.joined(separator: "%00") + "%00", pattern]) else {
            return []
        }
        let parts = out.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        var refs: [Ref] = []
        var i = 0
        while i + fields.count <= parts.count {
            let f = Array(parts[i..<(i + fields.count)])
            i += fields.count
            let refname = f[0].trimmingCharacters(in: .newlines)
            let prefix = "refs/\(kind)/"
            guard refname.hasPrefix(prefix), name == nil || refname == prefix + name! else { continue }
            let annotated = f[3] == "tag"
            refs.append(Ref(name: String(refname.dropFirst(prefix.count)), commit: annotated ? f[2] : f[1], target: f[1],
                            message: annotated ? f[4].trimmingCharacters(in: .newlines) : (kind == "tags" ? "" : nil), createdAt: annotated ? f[5] : nil))
        }
        return refs
    }

    func branch(_ name: String) -> Ref? { refs("heads", named: name).first }
    func tag(_ name: String) -> Ref? { refs("tags", named: name).first }

    /// A `ref`/`sha` parameter as GitLab reads it: a branch, else a tag, else a commit id (full or
    /// abbreviated). Anything else, revision expressions included, is no commit.
    func resolve(_ ref: String) -> String? {
        if !ref.hasPrefix("-"), !ref.isEmpty {
            if let b = branch(ref) { return b.commit }
            if let t = tag(ref) { return t.commit }
        }
        guard GitNames.isCommitID(ref.lowercased()) else { return nil }
        return git.text(["rev-parse", "--verify", "--quiet", "--end-of-options", ref.lowercased() + "^{commit}"])
    }

    // MARK: Commits

    private static let logFormat = ["%H", "%P", "%an", "%ae", "%aI", "%cn", "%ce", "%cI", "%B"]

    /// `git log` over `revisions` (full ids or `--branches`/`--tags`), newest first, with options
    /// already checked by the caller and paths after `--`.
    func log(_ revisions: [String], options: [String] = [], paths: [String] = [], skip: Int = 0, limit: Int? = nil) -> [Commit] {
        var args = ["log", "-z", "--format=" + Self.logFormat.joined(separator: "%x00")] + options
        if skip > 0 { args.append("--skip=\(skip)") }
        if let limit { args.append("--max-count=\(limit)") }
        args += revisions + ["--"] + paths
        let result = git.run(args)
        guard result.ok else { return [] }
        let parts = result.text.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        var commits: [Commit] = []
        var i = 0
        let n = Self.logFormat.count
        while i + n <= parts.count {
            let f = Array(parts[i..<(i + n)])
            i += n
            guard GitNames.isFullSHA(f[0]) else { continue }
            var message = f[8]
            if message.hasSuffix("\n") { message.removeLast() }
            commits.append(Commit(id: f[0], parents: f[1].split(separator: " ").map(String.init), authorName: f[2], authorEmail: f[3],
                                  authoredDate: f[4], committerName: f[5], committerEmail: f[6], committedDate: f[7], message: message))
        }
        return commits
    }

    func count(_ revisions: [String], options: [String] = [], paths: [String] = []) -> Int {
        Int(git.text(["rev-list", "--count"] + options + revisions + ["--"] + paths) ?? "") ?? 0
    }

    func commit(_ id: String) -> Commit? { log([id], limit: 1).first }

    /// Lines added and removed by a commit against its first parent (a merge too), renames found.
    func stats(_ id: String) -> (additions: Int, deletions: Int) {
        let parent = git.text(["rev-parse", "--verify", "--quiet", id + "^1"]) ?? Self.emptyTree
        let out = git.text(["diff", "--numstat", "-M", parent, id]) ?? ""
        var added = 0, removed = 0
        for line in out.split(separator: "\n") {
            let cols = line.split(separator: "\t", maxSplits: 2)
            guard cols.count == 3 else { continue }
            added += Int(cols[0]) ?? 0
            removed += Int(cols[1]) ?? 0
        }
        return (added, removed)
    }

    /// The id of the empty tree, what a root commit is compared against.
    static let emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

    func mergeBase(_ a: String, _ b: String) -> String? { git.text(["merge-base", a, b]) }

    func isAncestor(_ a: String, of b: String) -> Bool { git.run(["merge-base", "--is-ancestor", a, b]).ok }

    // MARK: Trees and blobs

    /// The entries of the tree at `path` (the root when empty), or nil when the commit has no such
    /// directory. `recursive` lists subtrees and their files too.
    func tree(at commit: String, path: String, recursive: Bool) -> [Entry]? {
        var args = ["ls-tree", "-z"] + (recursive ? ["-r", "-t"] : []) + [commit]
        if !path.isEmpty {
            guard entry(at: commit, path: path)?.type == "tree" else { return nil }
            args += ["--", path + "/"]
        }
        let result = git.run(args)
        guard result.ok else { return nil }
        return result.text.split(separator: "\0").compactMap(Self.entry)
    }

    /// The entry (blob or tree) at a path of a commit, with its size for blobs.
    func entry(at commit: String, path: String) -> Entry? {
        let result = git.run(["ls-tree", "-z", "-l", commit, "--", path])
        guard result.ok else { return nil }
        return result.text.split(separator: "\0").compactMap(Self.entry).first { $0.path == path }
    }

    /// `<mode> SP <type> SP <id> [SP+ <size>] TAB <path>`
    private static func entry(_ line: Substring) -> Entry? {
        guard let tab = line.firstIndex(of: "\t") else { return nil }
        let head = line[..<tab].split(separator: " ", omittingEmptySubsequences: true)
        guard head.count >= 3 else { return nil }
        return Entry(mode: String(head[0]), type: String(head[1]), id: String(head[2]), size: head.count > 3 ? Int(head[3]) : nil,
                     path: String(line[line.index(after: tab)...]))
    }

    /// A blob named by its id (full or abbreviated), and its size; nil for anything else.
    func blobID(_ text: String) -> (id: String, size: Int)? {
        let id = text.lowercased()
        guard GitNames.isCommitID(id), let full = git.text(["rev-parse", "--verify", "--quiet", "--end-of-options", id + "^{blob}"]),
              let size = git.text(["cat-file", "-s", full]).flatMap({ Int($0) }) else { return nil }
        return (full, size)
    }

    func blob(_ id: String, to sink: URL? = nil) -> Data? {
        let result = git.run(["cat-file", "blob", id], sink: sink)
        return result.ok ? result.output : nil
    }

    /// The last commit at or before `commit` that changed `path`.
    func lastCommit(at commit: String, path: String) -> String? {
        git.text(["log", "-1", "--format=%H", commit, "--", path])
    }

    // MARK: Compare

    struct FileDiff: Sendable {
        var oldPath, newPath, oldMode, newMode: String
        var newFile, renamedFile, deletedFile: Bool
        var diff: String
    }

    /// At most this many files are compared, as GitLab's `diff_max_files` default; a blob over
    /// 1 MB is shown as binary (`core.bigFileThreshold`), so a compare cannot make the server hold
    /// the text of huge files.
    static let maxDiffFiles = 1000
    private static let diffOptions = ["-c", "core.bigFileThreshold=1m", "diff", "-M", "-l\(maxDiffFiles)", "--no-color", "--no-ext-diff"]

    /// The changes from `base` to `head`, one entry per file, with renames found as GitLab finds them.
    func diff(from base: String, to head: String) -> [FileDiff] {
        let raw = git.run(Self.diffOptions + ["--raw", "-z", base, head])
        guard raw.ok else { return [] }
        var files: [FileDiff] = []
        var fields = raw.text.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)[...]
        while let head = fields.popFirst(), head.hasPrefix(":") {
            let meta = head.dropFirst().split(separator: " ")
            guard meta.count >= 5, let path = fields.popFirst() else { break }
            let status = meta[4].first ?? "M"
            let renamed = status == "R" || status == "C"
            let newPath = renamed ? (fields.popFirst() ?? path) : path
            files.append(FileDiff(oldPath: path, newPath: newPath, oldMode: String(meta[0]), newMode: String(meta[1]),
                                  newFile: status == "A", renamedFile: renamed, deletedFile: status == "D", diff: ""))
        }
        // The patches come in the same order as the raw entries; a line starting with "diff --git "
        // can only be a header (content lines start with ' ', '+', '-', '\' or '@').
        guard files.count <= Self.maxDiffFiles else { return Array(files.prefix(Self.maxDiffFiles)) }
        var patch = git.run(Self.diffOptions + [base, head]).text
        if patch.hasSuffix("\n") { patch.removeLast() }
        var chunks: [String] = []
        for line in patch.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("diff --git ") { chunks.append(""); continue }
            guard !chunks.isEmpty else { continue }
            let body = chunks[chunks.count - 1]
            // The header lines (index, mode, ---/+++) end where the first hunk or binary note starts.
            if body.isEmpty && !(line.hasPrefix("@@") || line.hasPrefix("Binary files")) { continue }
            chunks[chunks.count - 1] = body + line + "\n"
        }
        if chunks.count == files.count {
            for i in files.indices { files[i].diff = chunks[i] }
        }
        return files
    }
}
