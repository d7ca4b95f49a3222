import Foundation

/// GitLab's `get_sources` stage: the job's project folder as its `GIT_*` variables ask, with the
/// lines GitLab Runner writes in the job log.
///
/// - `fetch` reuses the slot's working copy: reset to the commit (`git checkout -f`), cleaned
///   (`git clean` with `GIT_CLEAN_FLAGS`), so what a job left is gone for the next one; a copy
///   whose last job never finished, or that is broken, is made again.
/// - `clone` makes the copy afresh.
/// - `none` leaves the folder as it is (created when missing): no git at all.
/// - `empty` gives an empty folder of its own (`<project>-empty`, as GitLab Runner names it).
///
/// `gantry run` borrows the objects of the user's checkout (git alternates), so fetching costs no
/// process unless `GIT_DEPTH` asks for a cut history; the checkout's uncommitted changes are laid
/// over the commit. A runner fetches from the server with the job token in the URL, which is
/// never written into the copy.
struct SourcesStep {
    let settings: GitSettings
    /// Writes a line to the job log.
    let say: (String) -> Void

    /// The folder of an `empty` job, beside the slot's working copy.
    static func emptyDirectory(_ directory: URL) -> URL {
        URL(fileURLWithPath: directory.path + "-empty")
    }

    func run(_ source: JobRunner.JobSource, local: LocalSource?, in directory: URL, previousJobUnfinished: Bool,
             ref: String) throws {
        for warning in settings.warnings { say("\u{1B}[0;33mWARNING: \(warning)\u{1B}[0;m") }
        let fm = FileManager.default
        switch settings.strategy {
        case .none:
            say("Skipping Git repository setup")
            if !WorkingCopy.isRealDirectory(directory.path) {
                try WorkingCopy.removeAnything(at: directory)
                try fm.createDirectory(at: directory, withIntermediateDirectories: true)
            }
            return
        case .empty:
            say("Skipping Git repository setup and creating an empty build directory")
            try WorkingCopy.removeAnything(at: directory)
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
            return
        case .fetch, .clone:
            break
        }
        if settings.strategy == .clone {
            try WorkingCopy.removeAnything(at: directory)
        } else if previousJobUnfinished && fm.fileExists(atPath: directory.path) {
            say("The previous job in \(directory.path) did not finish: its working copy is made again")
            try WorkingCopy.removeAnything(at: directory)
        }

        if let local, local.git == nil {
            // A project in a sub-folder of a repository, or a folder outside git: its files.
            say("Copying the project's files (\(local.root.path) is not the top of a git checkout with a commit)...")
            try WorkingCopy.removeAnything(at: directory)
            try local.copyPlainFiles(into: directory)
            return
        }

        say(settings.depth > 0 ? "Fetching changes with git depth set to \(settings.depth)..." : "Fetching changes...")
        let copy = WorkingCopy(directory: directory)
        let (origin, alternates, sha) = try origin(of: source, local: local)
        let setup = try copy.initialize(origin: origin, alternates: alternates, sha256: sha.count == 64)
        announce(setup, copy)
        do {
            try fetch(sha, from: source, local: local, into: copy)
            try checkOut(sha, ref: ref, local: local, in: copy)
        } catch where setup == .reinitialized {
            // A reused copy git cannot work with (corrupt objects or index): made again, once.
            say("\(error); the working copy is made again")
            try WorkingCopy.removeAnything(at: directory)
            announce(try copy.initialize(origin: origin, alternates: alternates, sha256: sha.count == 64), copy)
            try fetch(sha, from: source, local: local, into: copy)
            try checkOut(sha, ref: ref, local: local, in: copy)
        }
        try updateSubmodules(copy, local: local)
    }

    /// The copy's `origin`, the objects it borrows (`gantry run`) and the commit.
    private func origin(of source: JobRunner.JobSource, local: LocalSource?) throws -> (String, String?, String) {
        switch source {
        case .local:
            guard let local, let git = local.git else { throw WorkspaceError("no commit in \(local?.root.path ?? "the project")") }
            return (local.root.path, git.objectsDirectory, git.head)
        case .git(let url, let sha, _, _, _, _):
            return (Workspace.withoutCredentials(url), nil, sha)
        }
    }

    /// Brings the commit into the copy: `gantry run` has it already (borrowed) unless `GIT_DEPTH`
    /// asks for a cut history; a runner fetches it from the server with the job token.
    private func fetch(_ sha: String, from source: JobRunner.JobSource, local: LocalSource?, into copy: WorkingCopy) throws {
        switch source {
        case .local:
            guard let git = local?.git else { return }
            try copy.replaceRefs(git.refs)
            if settings.depth > 0 {
                try copy.git(["fetch", "--no-tags", "--depth", String(settings.depth)] + settings.fetchFlags
                             + [URL(fileURLWithPath: git.gitDirectory).absoluteString, sha],
                             errorMessage: "cannot fetch \(sha) from \(git.gitDirectory) with depth \(settings.depth)")
            } else {
                copy.unshallow()
            }
        case .git(let url, _, _, let refspecs, _, _):
            var args = ["-c", "http.userAgent=gantry-runner", "fetch", url, "--no-recurse-submodules"] + refspecs + [sha]
            if settings.depth > 0 {
                args += ["--depth", String(settings.depth)]
            } else if copy.isShallow {
                args.append("--unshallow")
            }
            try copy.git(args + settings.fetchFlags, errorMessage: "cannot fetch \(sha) from \(Workspace.withoutCredentials(url))")
        }
    }

    /// `GIT_CHECKOUT`: the commit checked out and cleaned, the uncommitted changes laid over.
    private func checkOut(_ sha: String, ref: String, local: LocalSource?, in copy: WorkingCopy) throws {
        guard settings.checkout else {
            say("Skipping Git checkout")
            return
        }
        say("Checking out \(sha.prefix(8)) as detached HEAD (ref is \(ref))...")
        try checkout(sha, in: copy)
        if let local, try local.overlayChanges(on: copy.directory) > 0 {
            say("Uncommitted changes of \(local.root.path) laid over the commit: \(local.git?.changed.count ?? 0) file(s)")
        }
    }

    /// `git checkout -f SHA` and `git clean` with the job's flags. With the default flags this
    /// happens in this process (libgit2), the common case of every job: only the tracked files
    /// the last job changed are written again (`GitRepository.reset(to:)`). Other flags, or a
    /// copy libgit2 will not open (one a `--run-as` user owns), go through git itself.
    private func checkout(_ sha: String, in copy: WorkingCopy) throws {
        if settings.cleanFlags == ["-ffdx"], let repository = try? GitRepository.open(copy.directory, search: false) {
            do throws(GitError) {
                _ = try repository.reset(to: sha)
                for path in try repository.clean() { say("Removing \(path)") }
                return
            } catch {
                say("In-process checkout failed (\(error)); trying git")
            }
        }
        try copy.git(["-c", "submodule.recurse=false", "-c", "advice.detachedHead=false", "checkout", "-f", "-q", sha],
                     errorMessage: "cannot check out \(sha)")
        if !settings.cleanFlags.isEmpty {
            logLines(try copy.git(["clean"] + settings.cleanFlags, errorMessage: "git clean \(settings.cleanFlags.joined(separator: " ")) failed"))
        }
    }

    private func announce(_ setup: WorkingCopy.Setup, _ copy: WorkingCopy) {
        switch setup {
        case .created:
            say("Initialized empty Git repository in \(copy.gitDirectory.path)/")
            say("Created fresh repository.")
        case .reinitialized:
            say("Reinitialized existing Git repository in \(copy.gitDirectory.path)/")
        }
    }

    private func logLines(_ output: String) {
        for line in output.split(whereSeparator: \.isNewline) { say(String(line)) }
    }

    /// GitLab Runner's submodule commands. For `gantry run`, a submodule the user has checked out
    /// is taken from that checkout (no network, their own commits), others from their URL.
    private func updateSubmodules(_ copy: WorkingCopy, local: LocalSource?) throws {
        guard let submodules = settings.submodules else { throw WorkspaceError("unknown GIT_SUBMODULE_STRATEGY") }
        guard submodules != .none else {
            say("Skipping Git submodules setup")
            return
        }
        let recursive = submodules == .recursive
        let depth = settings.submoduleDepth
        say("Updating/initializing submodules\(recursive ? " recursively" : "")\(depth > 0 ? " with git depth set to \(depth)" : "")...")
        // Local paths as submodule URLs only for `gantry run`, where they are the user's own: a
        // runner's job must not make git read repositories on the runner's host.
        let fileTransport = local == nil ? [] : ["-c", "protocol.file.allow=always"]
        try copy.git(["submodule", "init"], errorMessage: "git submodule init failed")
        try copy.git(["submodule", "sync"] + (recursive ? ["--recursive"] : []), errorMessage: "git submodule sync failed")
        if let local {
            // Each submodule the user has checked out, taken from there.
            for line in (try? copy.git(["config", "-f", ".gitmodules", "--get-regexp", #"^submodule\..*\.path$"#]))?
                .split(whereSeparator: \.isNewline) ?? [] {
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                guard parts.count == 2, parts[0].hasSuffix(".path") else { continue }
                let name = String(parts[0].dropFirst("submodule.".count).dropLast(".path".count))
                let checkedOut = local.root.appendingPathComponent(parts[1])
                if FileManager.default.fileExists(atPath: checkedOut.appendingPathComponent(".git").path) {
                    try copy.git(["config", "submodule.\(name).url", checkedOut.path], errorMessage: "cannot use \(checkedOut.path)")
                }
            }
        }
        let foreach = ["submodule", "foreach"] + (recursive ? ["--recursive"] : [])
        var update = ["submodule", "update", "--init"] + (recursive ? ["--recursive"] : [])
        if depth > 0 { update += ["--depth", String(depth)] }
        let clean = settings.cleanFlags.isEmpty ? ["-ffdx"] : settings.cleanFlags
        try copy.git(foreach + ["git", "clean"] + clean, errorMessage: "cleaning submodules failed")
        try copy.git(foreach + ["git", "reset", "--hard"], errorMessage: "resetting submodules failed")
        logLines(try copy.git(fileTransport + update + settings.submoduleUpdateFlags, errorMessage: "updating submodules failed"))
        say("Updated submodules")
        try copy.git(foreach + ["git", "clean"] + clean, errorMessage: "cleaning submodules failed")
    }
}
