#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import Synchronization

/// The unprivileged account a runner runs job scripts as (`--run-as USER`), so that a job cannot
/// reach what the runner's (or the server's) own user can: the server's data directory, its
/// database, other processes' secrets. Scripts start through util-linux's `setpriv`, which sets
/// the user, group and supplementary groups before exec; what a job must write (its workspace,
/// its temporary folder, its caches) is handed to the user first.
public struct JobUser: Sendable {
    public let name: String
    public let uid: uid_t
    public let gid: gid_t
    public let home: String
    /// The runner's work directory: folders from here down to a workspace are handed over, never
    /// anything above it.
    public let workRoot: URL

    public static let setpriv = "/usr/bin/setpriv"

    /// The account named `name`; refuses root and an account that does not exist.
    public init(name: String, workRoot: URL) throws {
        var entry = passwd()
        var buffer = [CChar](repeating: 0, count: 16384)
        var result: UnsafeMutablePointer<passwd>?
        guard getpwnam_r(name, &entry, &buffer, buffer.count, &result) == 0, result != nil else {
            throw SubprocessError("no user '\(name)' on this machine (as root, `make deps` creates gantry-runner)")
        }
        guard entry.pw_uid != 0 else { throw SubprocessError("--run-as \(name): jobs must not run as root") }
        guard access(JobUser.setpriv, X_OK) == 0 else {
            throw SubprocessError("--run-as needs \(JobUser.setpriv) (Debian's util-linux)")
        }
        self.name = name
        uid = entry.pw_uid
        gid = entry.pw_gid
        home = String(cString: entry.pw_dir)
        self.workRoot = workRoot.standardizedFileURL
    }

    /// The user this process runs job scripts as; set once at start by `--run-as`.
    public static let current = Mutex<JobUser?>(nil)

    /// `argv` started as this user, with the supplementary groups of the account.
    func command(_ argv: [String]) -> [String] {
        [JobUser.setpriv, "--reuid=\(uid)", "--regid=\(gid)", "--init-groups", "--"] + argv
    }

    /// The account's own HOME, USER and LOGNAME over the job's environment, as a login would set them.
    func environment(_ environment: [String: String]) -> [String: String] {
        var env = environment
        env["HOME"] = home
        env["USER"] = name
        env["LOGNAME"] = name
        return env
    }

    /// Gives the user what a job writes: `path` and everything under it, and the folders from the
    /// work root down to it, when `path` lies in the work root or is one of the runner's folders in
    /// /tmp. Symlinks are changed themselves, never followed. Anything else is left alone.
    public func adopt(_ path: URL) {
        let target = path.standardizedFileURL.path
        let root = workRoot.path
        if target == root || target.hasPrefix(root + "/") {
            var folder = URL(fileURLWithPath: root)
            _ = lchown(folder.path, uid, gid)
            for component in target.dropFirst(root.count).split(separator: "/").dropLast() {
                folder.appendPathComponent(String(component))
                _ = lchown(folder.path, uid, gid)
            }
        } else if !(target.hasPrefix("/tmp/gantry-") && !target.dropFirst(5).contains("/")) {
            return
        }
        guard FileManager.default.fileExists(atPath: target),
              let chown = try? Subprocess(["chown", "-R", "-P", "\(uid):\(gid)", target],
                                          environment: ["PATH": "/usr/bin:/bin"], directory: URL(fileURLWithPath: "/")) else { return }
        chown.readOutput { _ in }
        _ = chown.wait()
    }
}

extension JobUser {
    /// A file a job named (a report), read with the job user's rights when jobs run as one: a
    /// symlink to the server's database must not be read by the runner's own user on its behalf.
    public static func contentsOfJobFile(atPath path: String) -> Data? {
        guard let user = current.withLock({ $0 }) else { return FileManager.default.contents(atPath: path) }
        guard let cat = try? Subprocess(["cat", "--", path], environment: ["PATH": "/usr/bin:/bin"],
                                        directory: URL(fileURLWithPath: "/"), mergeStderr: false, user: user) else { return nil }
        var data = Data()
        cat.readOutput { data.append($0) }
        return cat.wait() == 0 ? data : nil
    }
}
