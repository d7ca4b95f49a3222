#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// A child process started with posix_spawn in its own process group, so that a timeout, a cancel
/// or Ctrl-C can signal everything the job started (`sleep 60 &` included).
public final class Subprocess: @unchecked Sendable {  // pid is set once before the object is shared.
    public let pid: pid_t
    private let outputFD: Int32

    /// Starts `argv` in `directory` with exactly `environment`; stdout (and stderr, merged) on one pipe.
    /// `input`: a file to read standard input from (a request body for a CGI program); none by default.
    /// `user`: start it as that unprivileged account instead of this process's user.
    public init(_ argv: [String], environment: [String: String], directory: URL, mergeStderr: Bool = true,
                input: URL? = nil, user: JobUser? = nil) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SubprocessError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input?.path ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        if mergeStderr {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        // Nothing else of this process reaches the child: not the server's sockets (a client would
        // wait on a leftover child), not its database (a job could read it whatever its user).
        _ = gantry_posix_spawn_file_actions_addclosefrom_np(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        // Children start with default signal handling, whatever Gantry itself ignores.
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        // The child changes into `directory` itself, between fork and exec: no shell in between.
        guard gantry_posix_spawn_file_actions_addchdir_np(&actions, directory.path) == 0 else {
            throw SubprocessError("cannot start \(argv.first ?? "process") in \(directory.path)")
        }
        var command = argv
        var environment = environment
        if let user {
            command = user.command(command)
            environment = user.environment(environment)
        }
        guard let name = command.first else { throw SubprocessError("no program to start") }
        let program = Subprocess.executable(name, searchPath: environment["PATH"], directory: directory)
        let cArgs = command.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, program, &actions, &attributes, cArgs, cEnv)
        close(fds[1])
        guard rc == 0 else {
            close(fds[0])
            var isFolder: ObjCBool = false
            if !FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder) || !isFolder.boolValue {
                throw SubprocessError("cannot start \(argv.first ?? "process"): no folder \(directory.path)")
            }
            throw SubprocessError("cannot start \(argv.first ?? "process"): \(String(cString: strerror(rc)))")
        }
        self.pid = pid
        self.outputFD = fds[0]
    }

    /// Where `name` is found as the child's shell would look for it: a name with a slash as it is
    /// (relative to `directory`, where the child starts), else the first executable file in
    /// `searchPath` (the child's PATH; relative entries count from `directory`).
    static func executable(_ name: String, searchPath: String?, directory: URL) -> String {
        func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : directory.path + "/" + path }
        if name.contains("/") { return absolute(name) }
        for entry in (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = absolute((entry.isEmpty ? "." : String(entry)) + "/" + name)
            var isFolder: ObjCBool = false
            if access(candidate, X_OK) == 0, FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder), !isFolder.boolValue {
                return candidate
            }
        }
        return name
    }

    /// Reads output until every writer has closed the pipe, or until `shouldStop` says so (a
    /// process that left the group can hold the pipe open forever); `chunk` gets each piece.
    public func readOutput(shouldStop: () -> Bool = { false }, _ chunk: (Data) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 16384)
        var poller = pollfd(fd: outputFD, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&poller, 1, 200)
            if ready == 0 {
                if shouldStop() { break }
                continue
            }
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            let n = read(outputFD, &buffer, buffer.count)
            if n > 0 {
                chunk(Data(buffer[0..<n]))
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        close(outputFD)
    }

    /// Waits for the exit; a process killed by a signal reports 128 + signal, as shells do.
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }

    /// Signals the whole process group.
    public func signalGroup(_ signal: Int32) {
        _ = kill(-pid, signal)
    }
}

public struct SubprocessError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// glibc's (2.34+) file action closing every descriptor from `from` up, and (2.29+) the one
/// changing the child's working directory; not in Swift's Glibc module, which is built without
/// _GNU_SOURCE.
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func gantry_posix_spawn_file_actions_addclosefrom_np(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>,
                                                             _ from: Int32) -> Int32

@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func gantry_posix_spawn_file_actions_addchdir_np(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>,
                                                         _ path: UnsafePointer<CChar>) -> Int32
