#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// A job's git working copy in its build folder, which `GIT_STRATEGY: fetch` keeps from job to
/// job. What the previous job left in `.git` is not trusted: it may have run in a container or as
/// another user, and git runs here on the host as Gantry's user. So before any git command the
/// folder must be a real folder, `.git` a real folder, and `.git`'s configuration, hooks, HEAD
/// and alternates Gantry's own, rewritten for every job (hooks removed, configuration replaced:
/// `core.fsmonitor`, `core.hooksPath`, filters or an `alias` a job wrote never run here).
/// Anything less becomes a fresh repository.
struct WorkingCopy {
    let directory: URL
    var gitDirectory: URL { directory.appendingPathComponent(".git") }

    enum Setup: Equatable {
        case created, reinitialized
    }

    /// Readies the repository: `origin` is the URL a job sees as `origin` (without credentials);
    /// `alternates` an objects folder to borrow from (the user's checkout for `gantry run`);
    /// `sha256` for repositories of that object format.
    func initialize(origin: String, alternates: String?, sha256: Bool) throws -> Setup {
        let fm = FileManager.default
        var existed = Self.isRealDirectory(directory.path) && Self.isRealDirectory(gitDirectory.path)
        if !existed {
            try Self.removeAnything(at: directory)
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        let git = gitDirectory
        if existed {
            // Locks a killed git left (GitLab Runner removes the same), what may run code or point
            // git elsewhere, and local branches (a working copy is always detached).
            for name in ["index.lock", "shallow.lock", "HEAD.lock", "config.lock", "packed-refs.lock", "hooks", "info/attributes",
                         "commondir", "gitdir", "refs/heads"] where !Self.isEmptyRealDirectory(git.appendingPathComponent(name)) {
                try? Self.removeAnything(at: git.appendingPathComponent(name))
            }
            if Self.isSymlink(git.appendingPathComponent("index")) { try? Self.removeAnything(at: git.appendingPathComponent("index")) }
            sanitizeSubmoduleRepositories()
            for folder in ["objects", "refs", "info"] where !Self.isRealDirectory(git.appendingPathComponent(folder).path) {
                existed = false
            }
        }
        if !existed {
            try Self.removeAnything(at: git)
        }
        for folder in ["objects/info", "objects/pack", "refs/heads", "refs/tags", "info"] {
            try fm.createDirectory(at: git.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let head = (try? String(contentsOf: git.appendingPathComponent("HEAD"), encoding: .utf8)) ?? ""
        if !Self.isPlausibleHead(head) {
            try write("ref: refs/heads/main\n", to: "HEAD")
        }
        var config = "[core]\n\trepositoryformatversion = \(sha256 ? 1 : 0)\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n"
        if sha256 { config += "[extensions]\n\tobjectformat = sha256\n" }
        config += "[remote \"origin\"]\n\turl = \(Self.configValue(origin))\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n"
        try write(config, to: "config")
        if let alternates {
            // Every object comes from there: none a job wrote here is read in its place.
            for name in (try? fm.contentsOfDirectory(atPath: git.appendingPathComponent("objects").path)) ?? []
                where name != "info" && !(name == "pack" && Self.isEmptyRealDirectory(git.appendingPathComponent("objects/pack"))) {
                try? Self.removeAnything(at: git.appendingPathComponent("objects/" + name))
            }
            try fm.createDirectory(at: git.appendingPathComponent("objects/pack"), withIntermediateDirectories: true)
            try write(alternates + "\n", to: "objects/info/alternates")
        } else {
            try? Self.removeAnything(at: git.appendingPathComponent("objects/info/alternates"))
        }
        return existed ? .reinitialized : .created
    }

    /// Submodules' repositories under `.git/modules` lose their configuration and hooks, as
    /// GitLab Runner's cleanup does; `git submodule sync` and `update` set up what they need again.
    private func sanitizeSubmoduleRepositories() {
        let modules = gitDirectory.appendingPathComponent("modules")
        guard Self.isRealDirectory(modules.path) else {
            try? Self.removeAnything(at: modules)
            return
        }
        let walker = FileManager.default.enumerator(at: modules, includingPropertiesForKeys: nil)
        var doomed: [URL] = []
        while let url = walker?.nextObject() as? URL {
            let name = url.lastPathComponent
            // `config` and `hooks` of a repository (beside its HEAD), not a branch of that name.
            let isRepository = FileManager.default.fileExists(atPath: url.deletingLastPathComponent().appendingPathComponent("HEAD").path)
            if (isRepository && (name == "hooks" || name == "config")) || name.hasSuffix(".lock") {
                doomed.append(url)
                walker?.skipDescendants()
            }
        }
        for url in doomed { try? Self.removeAnything(at: url) }
    }

    /// Replaces the remote-tracking branches and tags with `refs` (a `packed-refs` file, as a
    /// fresh clone has): what a job sees of the project's refs is the project's, not the last job's.
    func replaceRefs(_ refs: [(sha: String, name: String)]) throws {
        for folder in ["refs/remotes", "refs/tags"] where !Self.isEmptyRealDirectory(gitDirectory.appendingPathComponent(folder)) {
            try? Self.removeAnything(at: gitDirectory.appendingPathComponent(folder))
        }
        try FileManager.default.createDirectory(at: gitDirectory.appendingPathComponent("refs/tags"), withIntermediateDirectories: true)
        try write(refs.map { "\($0.sha) \($0.name)\n" }.joined(), to: "packed-refs")
    }

    /// Whether the copy's history is cut short (`.git/shallow`).
    var isShallow: Bool { FileManager.default.fileExists(atPath: gitDirectory.appendingPathComponent("shallow").path) }

    /// Forgets a cut-short history: for a copy whose objects are all borrowed, the whole history
    /// is then there.
    func unshallow() { try? FileManager.default.removeItem(at: gitDirectory.appendingPathComponent("shallow")) }

    /// Runs git in the copy: output and error together, for the job log.
    @discardableResult
    func git(_ args: [String], errorMessage: String? = nil) throws -> String {
        let (status, output) = Self.run(["git", "-c", "safe.directory=*", "-c", "core.hooksPath=/dev/null"] + args, in: directory)
        if status != 0, let errorMessage {
            throw WorkspaceError(errorMessage + (output.isEmpty ? "" : ":\n" + output.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        return output
    }

    /// Git's environment without what would point it at another repository (`GIT_DIR` when
    /// `gantry` runs from a git hook, for one) and without prompts.
    static func environment() -> [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        env["GIT_TERMINAL_PROMPT"] = "0"
        return env
    }

    static func run(_ argv: [String], in directory: URL) -> (Int32, String) {
        guard let process = try? Subprocess(argv, environment: environment(), directory: directory, mergeStderr: true) else {
            return (-1, "cannot start \(argv[0])")
        }
        var data = Data()
        process.readOutput { data.append($0) }
        return (process.wait(), String(decoding: data, as: UTF8.self))
    }

    /// Makes `.git/<name>` a file of its own holding `text`; one that already does is left
    /// alone (see `NewFile` for why it is not synced).
    private func write(_ text: String, to name: String) throws {
        let url = gitDirectory.appendingPathComponent(name)
        let bytes = Array(text.utf8)
        var info = stat()
        if lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size == bytes.count, info.st_nlink == 1,
           let existing = FileManager.default.contents(atPath: url.path), existing.elementsEqual(bytes) {
            return
        }
        try? Self.removeAnything(at: url)
        try NewFile.create(url, bytes)
    }

    /// A folder itself (not a symlink to one) with nothing in it.
    static func isEmptyRealDirectory(_ url: URL) -> Bool {
        guard isRealDirectory(url.path), let dir = opendir(url.path) else { return false }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if name != "." && name != ".." { return false }
        }
        return true
    }

    private static func isPlausibleHead(_ text: String) -> Bool {
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("ref: refs/") { return !line.contains("..") && !line.contains(" ", after: 5) }
        return (line.count == 40 || line.count == 64) && line.allSatisfy(\.isHexDigit)
    }

    /// A value in double quotes, as git's config format escapes them.
    private static func configValue(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "") + "\""
    }

    static func isSymlink(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// Whether `path` is a folder itself, not a symlink to one.
    static func isRealDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Removes a file, a symlink (never what it points to) or a folder with everything in it.
    static func removeAnything(at url: URL) throws {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            try FileManager.default.removeItem(at: url)
        } else if unlink(url.path) != 0 {
            throw WorkspaceError("cannot remove \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}

private extension String {
    func contains(_ character: Character, after offset: Int) -> Bool {
        dropFirst(offset).contains(character)
    }
}
