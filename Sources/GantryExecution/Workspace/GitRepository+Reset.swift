#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CGit2
import Foundation

/// `git checkout --force --detach SHA` for a working copy that is mostly there already: the
/// slot's copy under `GIT_STRATEGY: fetch`, where the last job usually changed no tracked file.
extension GitRepository {
    /// What `reset(to:)` had to do.
    public enum Reset: Equatable, Sendable {
        /// HEAD, index and every tracked file were already the commit's: nothing written.
        case unchanged
        /// Only these tracked files differed (changed, or missing): checked out again.
        case files([String])
        /// A full forced checkout (another commit, a changed index, a changed file type...).
        case full
    }

    /// Makes HEAD (detached), the index and the tracked files exactly commit `spec`'s, as
    /// `checkoutDetached` does, but reads first: when HEAD is at the commit and the index is the
    /// commit's tree, each tracked file is `lstat`ed against the index's record of it (size,
    /// times including ctime, which no job can set back, inode, mode); only files that differ are
    /// written again. A file whose time is not older than the index itself (git's "racy" case) is
    /// hashed instead. Untracked files stay: `clean()` removes them.
    public func reset(to spec: String) throws(GitError) -> Reset {
        let stale: [String]? = try withHandle { raw throws(GitError) in
            guard let commit = GitRepository.lookupCommit(raw, spec) else { throw GitError("no commit \(spec)") }
            defer { git_commit_free(commit) }
            return GitRepository.staleFiles(raw, commit)
        }
        guard let stale else {
            try checkoutDetached(spec)
            return .full
        }
        if stale.isEmpty { return .unchanged }
        try withHandle { raw throws(GitError) in
            guard let commit = GitRepository.lookupCommit(raw, spec) else { throw GitError("no commit \(spec)") }
            defer { git_commit_free(commit) }
            var options = git_checkout_options()
            git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION))
            options.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH.rawValue
            var pointers: [UnsafeMutablePointer<CChar>?] = stale.map { strdup($0) }
            defer { pointers.forEach { free($0) } }
            let code = pointers.withUnsafeMutableBufferPointer { buffer in
                options.paths = git_strarray(strings: buffer.baseAddress, count: buffer.count)
                return git_checkout_tree(raw, commit, &options)
            }
            try GitError.check(code, "cannot check out \(stale.count) file(s) of \(spec)")
        }
        return .files(stale)
    }

    /// The tracked files that differ from the index's record, when HEAD and the index are the
    /// commit's and every difference is one a path-limited checkout repairs; nil when a full
    /// checkout is needed.
    private static func staleFiles(_ raw: OpaquePointer, _ commit: OpaquePointer) -> [String]? {
        var head = git_oid()
        guard git_repository_head_detached(raw) == 1, git_reference_name_to_id(&head, raw, "HEAD") == 0,
              git_oid_equal(&head, git_commit_id(commit)) == 1 else { return nil }
        var index: OpaquePointer?
        guard git_repository_index(&index, raw) == 0, let index else { return nil }
        defer { git_index_free(index) }
        // The index as it is on disk now (a job may have run `git add`, `git rm --cached`):
        // read again only when the file changed since this handle loaded it.
        guard git_index_read(index, 0) == 0, git_index_has_conflicts(index) == 0 else { return nil }
        var tree = git_oid()
        guard git_index_write_tree(&tree, index) == 0, git_oid_equal(&tree, git_commit_tree_id(commit)) == 1 else { return nil }
        guard let top = git_repository_workdir(raw).map({ String(cString: $0) }),
              let indexPath = git_index_path(index) else { return nil }
        var indexInfo = stat()
        guard lstat(indexPath, &indexInfo) == 0 else { return nil }
        var stale: [String] = []
        var racyButSame = false
        for i in 0..<git_index_entrycount(index) {
            guard let entry = git_index_get_byindex(index, i)?.pointee else { return nil }
            // Submodules (gitlinks) are their own repositories, updated apart.
            if entry.mode == 0o160000 { continue }
            let extended = UInt32(GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue | GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue)
            if UInt32(entry.flags_extended) & extended != 0 || UInt32(entry.flags) & UInt32(GIT_INDEX_ENTRY_VALID.rawValue) != 0 {
                return nil
            }
            let path = String(cString: entry.path)
            var info = stat()
            if lstat(top + path, &info) != 0 {
                // Missing: written again. Something else in the way (a file where a folder was):
                // only a full checkout clears that.
                if errno == ENOENT { stale.append(path); continue }
                return nil
            }
            let type = info.st_mode & S_IFMT
            let wantedType = entry.mode & 0o170000
            guard (wantedType == 0o100000 && type == S_IFREG) || (wantedType == 0o120000 && type == S_IFLNK) else { return nil }
            let executable = wantedType == 0o100000 && entry.mode & 0o111 != 0
            let same = UInt32(truncatingIfNeeded: info.st_size) == entry.file_size
                && UInt32(truncatingIfNeeded: info.st_ino) == entry.ino
                && Int32(truncatingIfNeeded: info.st_mtim.tv_sec) == entry.mtime.seconds
                && UInt32(truncatingIfNeeded: info.st_mtim.tv_nsec) == entry.mtime.nanoseconds
                && Int32(truncatingIfNeeded: info.st_ctim.tv_sec) == entry.ctime.seconds
                && UInt32(truncatingIfNeeded: info.st_ctim.tv_nsec) == entry.ctime.nanoseconds
                && (type == S_IFLNK || (info.st_mode & 0o100 != 0) == executable)
            if !same {
                stale.append(path)
            } else if (info.st_mtim.tv_sec, info.st_mtim.tv_nsec) >= (indexInfo.st_mtim.tv_sec, indexInfo.st_mtim.tv_nsec) {
                // Racy: written in the same clock tick as the index (the kernel's file times are
                // coarse), so a change in that tick would not show in the times: the content decides.
                if contentDiffers(raw, top + path, path, symlink: type == S_IFLNK, from: entry.id) {
                    stale.append(path)
                } else {
                    racyButSame = true
                }
            }
        }
        // Written again now, the index is newer than those files: the next job trusts their times.
        if racyButSame && stale.isEmpty { _ = git_index_write(index) }
        return stale
    }

    /// Whether the file at `fullPath` hashes to another blob than `expected` (filters applied as
    /// git does for `path`).
    private static func contentDiffers(_ raw: OpaquePointer, _ fullPath: String, _ path: String, symlink: Bool,
                                       from expected: git_oid) -> Bool {
        var oid = git_oid()
        var wanted = expected
        if symlink {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(fullPath, &buffer, buffer.count - 1)
            guard length >= 0, git_odb_hash(&oid, buffer, length, GIT_OBJECT_BLOB) == 0 else { return true }
        } else {
            guard git_repository_hashfile(&oid, raw, fullPath, GIT_OBJECT_BLOB, path) == 0 else { return true }
        }
        return git_oid_equal(&oid, &wanted) != 1
    }
}
