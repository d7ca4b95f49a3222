#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// What a container step writes into the bind-mounted workspace belongs, on this host too, to the
/// container's user — root for most images. A Gantry that is not root (or a workspace handed to
/// `--run-as`'s user) then cannot collect caches and artifacts from it nor remove it. After each
/// step, everything in the workspace is given back to the owner of the workspace folder: by
/// `lchown` here when Gantry is root, else by `chown -R` in a short container of the job's image
/// run as root (the engine's root may change the files; this process may not).
struct WorkspaceOwner {
    let uid: uid_t
    let gid: gid_t

    /// The owner of `workspace` itself; nil when it cannot be read.
    init?(of workspace: URL) {
        var info = stat()
        guard lstat(workspace.path, &info) == 0 else { return nil }
        uid = info.st_uid
        gid = info.st_gid
    }

    /// Whether nothing can need handing back: root owns the workspace and this process is root.
    var isTrivial: Bool { uid == 0 && gid == 0 && geteuid() == 0 }

    /// Whether this process may change owners itself.
    static var canChown: Bool { geteuid() == 0 }

    /// How many entries under `workspace` someone else owns; with `fix` (root only), each is given
    /// back as it is found. Entries are reached through directory descriptors opened without
    /// following symlinks, so a link a job planted (to `/`, say) is changed itself, never its target.
    func strangers(in workspace: URL, fix: Bool) -> Int {
        let root = open(workspace.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard root >= 0 else { return 0 }
        return visit(root, fix: fix, depth: 0)
    }

    /// Takes `directory` (a descriptor it closes).
    private func visit(_ directory: Int32, fix: Bool, depth: Int) -> Int {
        guard depth < 256, let stream = fdopendir(directory) else {
            close(directory)
            return 0
        }
        defer { closedir(stream) }
        var count = 0
        var info = stat()
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name != ".", name != "..", fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            if info.st_uid != uid || info.st_gid != gid {
                count += 1
                if fix { _ = fchownat(directory, name, uid, gid, AT_SYMLINK_NOFOLLOW) }
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if child >= 0 { count += visit(child, fix: fix, depth: depth + 1) }
            }
        }
        return count
    }

    /// The `chown` a container runs on the mounted workspace at `directory`.
    func chownCommand(_ directory: String) -> [String] {
        ["chown", "-R", "-h", "\(uid):\(gid)", directory]
    }
}
