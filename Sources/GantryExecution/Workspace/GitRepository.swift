import CGit2
import Foundation

/// A git repository read and changed in-process through libgit2: what planning and workspace
/// preparation used to ask of a `git` process each time (HEAD, refs, config, the head commit,
/// checkout, clean). A handle is used by one call at a time (libgit2's rule), which the lock keeps.
public final class GitRepository: Sendable {
    // Only touched with `lock` held.
    private nonisolated(unsafe) let raw: OpaquePointer
    private let lock = NSLock()

    /// libgit2 sets itself up once per process.
    private static let library: Void = { _ = git_libgit2_init() }()

    private init(_ raw: OpaquePointer) {
        self.raw = raw
    }

    deinit {
        git_repository_free(raw)
    }

    /// The repository at `path`, or above it when `search` (as `git` finds it from a sub-folder);
    /// a `.git` file (a worktree, a submodule) is followed.
    public static func open(_ path: URL, search: Bool = true) throws(GitError) -> GitRepository {
        _ = library
        var raw: OpaquePointer?
        let flags = search ? 0 : GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue
        try GitError.check(git_repository_open_ext(&raw, path.path, flags, nil), "cannot open a git repository at \(path.path)")
        return GitRepository(raw!)
    }

    /// `git init` at `path` (a working copy with `.git` inside, or a bare repository).
    public static func create(at path: URL, bare: Bool = false) throws(GitError) -> GitRepository {
        _ = library
        var raw: OpaquePointer?
        try GitError.check(git_repository_init(&raw, path.path, bare ? 1 : 0), "cannot create a git repository at \(path.path)")
        return GitRepository(raw!)
    }

    /// Runs `body` with the raw handle, under the lock.
    func withHandle<T>(_ body: (OpaquePointer) throws(GitError) -> T) throws(GitError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(raw)
    }

    private func read<T>(_ body: (OpaquePointer) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(raw)
    }

    /// The working tree's top folder; nil for a bare repository.
    public var workingDirectory: URL? {
        read { raw in git_repository_workdir(raw).map { URL(fileURLWithPath: String(cString: $0)) } }
    }

    /// The `.git` folder (a worktree's own one for a worktree).
    public var gitDirectory: URL {
        read { URL(fileURLWithPath: String(cString: git_repository_path($0))) }
    }

    /// The folder shared by all worktrees: where `objects/` and most refs live.
    public var commonDirectory: URL {
        read { URL(fileURLWithPath: String(cString: git_repository_commondir($0))) }
    }

    /// What the symbolic ref `name` points at (`HEAD` → `refs/heads/main`), also before the
    /// first commit; nil when `name` is missing or not symbolic (a detached HEAD).
    public func symbolicTarget(of name: String) -> String? {
        read { raw in
            var ref: OpaquePointer?
            guard git_reference_lookup(&ref, raw, name) == 0, let ref else { return nil }
            defer { git_reference_free(ref) }
            guard git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(ref) else { return nil }
            return String(cString: target)
        }
    }

    /// The branch HEAD is on (`git symbolic-ref --short HEAD`); nil when HEAD is detached.
    public var currentBranch: String? {
        symbolicTarget(of: "HEAD").map(GitRepository.shortName)
    }

    /// `refs/heads/x` → `x`, `refs/remotes/origin/x` → `origin/x`, as `git ... --short` prints them.
    public static func shortName(_ ref: String) -> String {
        for prefix in ["refs/heads/", "refs/tags/", "refs/remotes/", "refs/"] where ref.hasPrefix(prefix) {
            return String(ref.dropFirst(prefix.count))
        }
        return ref
    }

    /// A configuration value as `git config KEY` gives it (repository, user and system files).
    public func config(_ key: String) -> String? {
        read { raw in
            var config: OpaquePointer?
            guard git_repository_config_snapshot(&config, raw) == 0, let config else { return nil }
            defer { git_config_free(config) }
            var value: UnsafePointer<CChar>?
            guard git_config_get_string(&value, config, key) == 0, let value else { return nil }
            return String(cString: value)
        }
    }

    /// The URL of remote `name` (`git remote get-url`), `insteadOf` rewrites applied; nil without it.
    public func remoteURL(_ name: String = "origin") -> String? {
        read { raw in
            var remote: OpaquePointer?
            guard git_remote_lookup(&remote, raw, name) == 0, let remote else { return nil }
            defer { git_remote_free(remote) }
            return git_remote_url(remote).map { String(cString: $0) }
        }
    }

    /// Adds remote `name` with `url`, or points the existing one there.
    public func setRemote(_ name: String, url: String) throws(GitError) {
        try withHandle { raw throws(GitError) in
            var remote: OpaquePointer?
            if git_remote_lookup(&remote, raw, name) == 0 {
                git_remote_free(remote)
                try GitError.check(git_remote_set_url(raw, name, url), "cannot set the URL of remote \(name)")
            } else {
                try GitError.check(git_remote_create(&remote, raw, name, url), "cannot add remote \(name)")
                git_remote_free(remote)
            }
        }
    }

    /// The commit `spec` names (`HEAD`, a branch, a tag, a full or short SHA), as a full SHA, as
    /// `git rev-parse --verify SPEC^{commit}`; nil when it names none (HEAD before the first commit).
    public func resolve(_ spec: String) -> String? {
        read { raw in
            guard let commit = GitRepository.lookupCommit(raw, spec) else { return nil }
            defer { git_commit_free(commit) }
            return GitRepository.hex(git_commit_id(commit))
        }
    }

    /// `(sha, name)` of every ref whose name starts with one of `prefixes`, as `git for-each-ref
    /// --format='%(objectname) %(refname)'` lists them: a symbolic one resolved, an annotated
    /// tag as its tag object.
    public func references(under prefixes: [String]) -> [(sha: String, name: String)] {
        read { raw in
            var iterator: OpaquePointer?
            guard git_reference_iterator_new(&iterator, raw) == 0 else { return [] }
            defer { git_reference_iterator_free(iterator) }
            var refs: [(sha: String, name: String)] = []
            var ref: OpaquePointer?
            while git_reference_next(&ref, iterator) == 0, let current = ref {
                defer { git_reference_free(current) }
                let name = String(cString: git_reference_name(current))
                guard prefixes.contains(where: name.hasPrefix) else { continue }
                var resolved: OpaquePointer?
                guard git_reference_resolve(&resolved, current) == 0, let resolved else { continue }
                defer { git_reference_free(resolved) }
                guard let target = git_reference_target(resolved) else { continue }
                refs.append((GitRepository.hex(target), name))
            }
            return refs.sorted { $0.name < $1.name }
        }
    }

    /// The commit `spec` names with its message, author and dates; nil when there is none.
    public func commit(_ spec: String = "HEAD") -> GitCommitInfo? {
        read { raw in
            guard let commit = GitRepository.lookupCommit(raw, spec) else { return nil }
            defer { git_commit_free(commit) }
            return GitCommitInfo(commit)
        }
    }

    /// Peels `spec` to a commit object; the caller frees it.
    static func lookupCommit(_ raw: OpaquePointer, _ spec: String) -> OpaquePointer? {
        var object: OpaquePointer?
        guard git_revparse_single(&object, raw, spec) == 0, let object else { return nil }
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        guard git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0 else { return nil }
        return peeled
    }

    static func hex(_ oid: UnsafePointer<git_oid>?) -> String {
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, buffer.count, oid)
        return String(cString: buffer)
    }
}

/// A commit as planning and jobs see it (`CI_COMMIT_*`).
public struct GitCommitInfo: Sendable, Equatable {
    public let sha: String
    /// The full message as stored (`git log -1 --format=%B`).
    public let message: String
    public let authorName: String
    public let authorEmail: String
    public let authorDate: Date
    public let committerDate: Date
    public let parents: [String]

    init(_ commit: OpaquePointer) {
        sha = GitRepository.hex(git_commit_id(commit))
        message = git_commit_message(commit).map { String(cString: $0) } ?? ""
        let author = git_commit_author(commit)!.pointee
        authorName = String(cString: author.name)
        authorEmail = String(cString: author.email)
        authorDate = Date(timeIntervalSince1970: TimeInterval(author.when.time))
        committerDate = Date(timeIntervalSince1970: TimeInterval(git_commit_time(commit)))
        parents = (0..<git_commit_parentcount(commit)).map { GitRepository.hex(git_commit_parent_id(commit, $0)) }
    }

    /// The first line, as `CI_COMMIT_TITLE`.
    public var title: String {
        String(message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}

/// A libgit2 call that failed, with libgit2's own reason.
public struct GitError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }

    /// Throws `what: libgit2's message` when `code` is an error.
    static func check(_ code: Int32, _ what: @autoclosure () -> String) throws(GitError) {
        guard code < 0 else { return }
        let reason = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } }
        throw GitError(reason.map { "\(what()): \($0)" } ?? what())
    }
}
