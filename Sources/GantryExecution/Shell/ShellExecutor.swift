#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import Synchronization

/// Runs a job's script with bash (sh where bash is missing) in its own process group. A timeout
/// or a cancel signals the whole group; whatever the script left running in the background is
/// ended when the script exits, so no stray process outlives its job.
public final class ShellExecutor: Sendable {
    public typealias Outcome = StepOutcome

    private let running = Mutex<[pid_t: Subprocess]>([:])
    private let canceled = Atomic<Bool>(false)

    public init() {}

    public static let shell: String = {
        for candidate in ["/bin/bash", "/usr/bin/bash", "/usr/local/bin/bash"] where access(candidate, X_OK) == 0 {
            return candidate
        }
        return "/bin/sh"
    }()

    /// Runs `script` (blocking the calling thread); output goes to `output` as it arrives.
    public func run(script: String, environment: [String: String], directory: URL, timeout: TimeInterval,
                    output: @escaping @Sendable (Data) -> Void) throws -> Outcome {
        if canceled.load(ordering: .relaxed) { return .canceled }
        let scriptFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("gantry-script-\(UUID().uuidString).sh")
        try NewFile.create(scriptFile, Array(script.utf8), mode: 0o600)
        defer { try? FileManager.default.removeItem(at: scriptFile) }

        // With `--run-as`, the script runs as that user, owning what it writes (see JobUser).
        let user = JobUser.current.withLock { $0 }
        if let user {
            _ = chown(scriptFile.path, user.uid, user.gid)
            for path in [directory.path, environment["TMPDIR"], environment["XDG_CACHE_HOME"]].compactMap({ $0 }) {
                user.adopt(URL(fileURLWithPath: path))
            }
        }
        let process = try Subprocess([ShellExecutor.shell, scriptFile.path], environment: environment, directory: directory, user: user)
        running.withLock { $0[process.pid] = process }
        defer { _ = running.withLock { $0.removeValue(forKey: process.pid) } }

        let deadline = StepDeadline(after: timeout) { ShellExecutor.terminate(process) }
        defer { deadline.cancel() }

        let exited = Atomic<Bool>(false)
        let reader = DispatchGroup()
        reader.enter()
        DispatchQueue.global().async {
            process.readOutput(shouldStop: { exited.load(ordering: .relaxed) }, output)
            reader.leave()
        }
        let status = process.wait()
        // The script is done: end what it left in the background, which may hold the pipe open.
        process.signalGroup(SIGKILL)
        exited.store(true, ordering: .relaxed)
        reader.wait()

        if canceled.load(ordering: .relaxed) { return .canceled }
        if deadline.expired { return .timedOut }
        return .exited(status)
    }

    /// Ends every running script of this executor (Ctrl-C, pipeline cancel).
    public func cancelAll() {
        canceled.store(true, ordering: .relaxed)
        for process in running.withLock({ Array($0.values) }) { ShellExecutor.terminate(process) }
    }

    /// SIGTERM to the group, SIGKILL shortly after for what ignores it.
    static func terminate(_ process: Subprocess) {
        process.signalGroup(SIGTERM)
        DispatchQueue.global().asyncAfter(deadline: .now() + 3) { process.signalGroup(SIGKILL) }
    }
}

