#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CGit2
import Foundation

/// What a job's working copy needs: checking a commit out, cleaning what a previous job left,
/// and the names of files that differ from a commit.
extension GitRepository {
    /// `git checkout --force --detach SHA`: HEAD detached at the commit `spec` names, index and
    /// tracked files made exactly that commit's (local changes to them are dropped). Untracked
    /// and ignored files stay: `clean()` removes those.
    public func checkoutDetached(_ spec: String) throws(GitError) {
        try withHandle { raw throws(GitError) in
            guard let commit = GitRepository.lookupCommit(raw, spec) else { throw GitError("no commit \(spec)") }
            defer { git_commit_free(commit) }
            var options = git_checkout_options()
            git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION))
            options.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue
            try GitError.check(git_checkout_tree(raw, commit, &options), "cannot check out \(spec)")
            try GitError.check(git_repository_set_head_detached(raw, git_commit_id(commit)), "cannot detach HEAD at \(spec)")
        }
    }

    /// `git clean -ffdx`: removes every untracked and ignored file and folder of the working
    /// tree, nested repositories and empty folders included. Returns the paths removed (folders
    /// end in `/`). Walks the folders against the index: no tracked file is read or even
    /// stat'ed, so a big tree costs a directory listing.
    @discardableResult
    public func clean() throws(GitError) -> [String] {
        guard let top = workingDirectory else { throw GitError("cannot clean a bare repository") }
        let tracked = Set(try trackedFiles())
        var folders: Set<String> = []
        for path in tracked {
            var rest = Substring(path)
            while let slash = rest.lastIndex(of: "/") {
                rest = rest[..<slash]
                if !folders.insert(String(rest)).inserted { break }
            }
        }
        var removed: [String] = []
        try sweep(top.standardizedFileURL.path, prefix: "", tracked: tracked, folders: folders, removed: &removed)
        return removed
    }

    private func sweep(_ directory: String, prefix: String, tracked: Set<String>, folders: Set<String>,
                       removed: inout [String]) throws(GitError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw GitError("cannot list \(directory): \(error.localizedDescription)")
        }
        for name in names where !(prefix.isEmpty && name == ".git") {
            let relative = prefix + name
            // A tracked file, or a submodule (its own repository, not cleaned from here).
            if tracked.contains(relative) { continue }
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            let isFolder = info.st_mode & S_IFMT == S_IFDIR
            if folders.contains(relative) {
                // Holds tracked files: cleaned inside. A symlink in its place is never followed.
                if isFolder { try sweep(path, prefix: relative + "/", tracked: tracked, folders: folders, removed: &removed) }
                continue
            }
            do {
                try FileManager.default.removeItem(atPath: path)
            } catch {
                throw GitError("cannot remove \(relative) from \(directory): \(error.localizedDescription)")
            }
            removed.append(isFolder ? relative + "/" : relative)
        }
    }

    /// Files the working tree has that git does not track, ignored ones included, listed file by
    /// file (`git ls-files --others`), relative to the top of the working tree.
    public func untrackedFiles() throws(GitError) -> [String] {
        try status(includeIgnored: true, recurse: true).filter { $0.untracked || $0.ignored }.map(\.path)
    }

    /// Tracked files whose working-tree state differs from commit `spec`: changed, staged,
    /// deleted (`git diff --name-only --no-renames SPEC`), relative to the top of the working tree.
    public func changedFiles(since spec: String = "HEAD") throws(GitError) -> [String] {
        try withHandle { raw throws(GitError) in
            guard let commit = GitRepository.lookupCommit(raw, spec) else { throw GitError("no commit \(spec)") }
            defer { git_commit_free(commit) }
            var tree: OpaquePointer?
            try GitError.check(git_commit_tree(&tree, commit), "cannot read the tree of \(spec)")
            defer { git_tree_free(tree) }
            var options = git_diff_options()
            git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
            var diff: OpaquePointer?
            try GitError.check(git_diff_tree_to_workdir_with_index(&diff, raw, tree, &options), "cannot compare with \(spec)")
            defer { git_diff_free(diff) }
            var names: [String] = []
            for i in 0..<git_diff_num_deltas(diff) {
                guard let delta = git_diff_get_delta(diff, i)?.pointee else { continue }
                let file = delta.status == GIT_DELTA_DELETED ? delta.old_file : delta.new_file
                let name = String(cString: file.path)
                if names.last != name { names.append(name) }
            }
            return names
        }
    }

    /// The paths in the index (`git ls-files --cached`), relative to the top of the working tree;
    /// with `folder` (a path relative to that top), only those under it, relative to it.
    public func trackedFiles(under folder: String = "") throws(GitError) -> [String] {
        try withHandle { raw throws(GitError) in
            var index: OpaquePointer?
            try GitError.check(git_repository_index(&index, raw), "cannot read the index")
            defer { git_index_free(index) }
            let prefix = folder.isEmpty || folder.hasSuffix("/") ? folder : folder + "/"
            var names: [String] = []
            for i in 0..<git_index_entrycount(index) {
                guard let entry = git_index_get_byindex(index, i) else { continue }
                let name = String(cString: entry.pointee.path)
                // A conflicted path has one entry per stage: listed once.
                guard name.hasPrefix(prefix), names.last != String(name.dropFirst(prefix.count)) else { continue }
                names.append(String(name.dropFirst(prefix.count)))
            }
            return names
        }
    }

    /// Lets this repository read the objects of `objects` (another repository's `objects/`
    /// folder) without copying them, as `git clone --shared` does.
    public func borrowObjects(from objects: URL) throws(GitError) {
        let file = commonDirectory.appendingPathComponent("objects/info/alternates")
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (objects.standardizedFileURL.path + "\n").write(to: file, atomically: true, encoding: .utf8)
        } catch {
            throw GitError("cannot write \(file.path): \(error.localizedDescription)")
        }
        // libgit2 reads alternates when it first opens the object database: open it again.
        try withHandle { raw throws(GitError) in
            var odb: OpaquePointer?
            try GitError.check(git_repository_odb(&odb, raw), "cannot open the object database")
            defer { git_odb_free(odb) }
            try GitError.check(git_odb_add_disk_alternate(odb, objects.standardizedFileURL.path), "cannot borrow objects from \(objects.path)")
        }
    }

    struct StatusEntry {
        let path: String
        let untracked: Bool
        let ignored: Bool
    }

    /// The working tree's status; without `recurse`, an untracked or ignored folder is one
    /// entry ending in `/`.
    func status(includeIgnored: Bool, recurse: Bool) throws(GitError) -> [StatusEntry] {
        try withHandle { raw throws(GitError) in
            var options = git_status_options()
            git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION))
            options.show = GIT_STATUS_SHOW_WORKDIR_ONLY
            var flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue
            if includeIgnored { flags |= GIT_STATUS_OPT_INCLUDE_IGNORED.rawValue }
            if recurse { flags |= GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue | GIT_STATUS_OPT_RECURSE_IGNORED_DIRS.rawValue }
            options.flags = flags
            var list: OpaquePointer?
            try GitError.check(git_status_list_new(&list, raw, &options), "cannot read the working tree's status")
            defer { git_status_list_free(list) }
            var entries: [StatusEntry] = []
            for i in 0..<git_status_list_entrycount(list) {
                guard let entry = git_status_byindex(list, i)?.pointee, let delta = entry.index_to_workdir?.pointee else { continue }
                let path = String(cString: delta.old_file.path ?? delta.new_file.path)
                entries.append(StatusEntry(path: path, untracked: entry.status.rawValue & GIT_STATUS_WT_NEW.rawValue != 0,
                                           ignored: entry.status.rawValue & GIT_STATUS_IGNORED.rawValue != 0))
            }
            return entries
        }
    }
}
