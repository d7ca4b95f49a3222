import Foundation
import GantryExecution
import GantryRunnerProtocol
import Synchronization

/// `gantry runner run`: `concurrent` workers, each asking the server for a job (a long poll),
/// running it, and asking again, until `requestStop()` (running jobs finish) or
/// `abortRunningJobs()` (running jobs end now and are reported as runner failures, so `retry:`
/// can run them elsewhere).
public final class RunnerAgent: Sendable {
    public let config: RunnerConfig
    public let concurrent: Int
    private let api: RunnerAPIClient
    /// Where the runner says which jobs it took and how they ended; nil for a runner inside the
    /// server, whose own log already says so.
    private let console: Console?
    private let stopping = Atomic<Bool>(false)
    private let aborting = Atomic<Bool>(false)
    /// The executor of each running job, by job id, for `abortRunningJobs()`.
    private let running = Mutex<[Int: any JobExecutor]>([:])
    private let group = DispatchGroup()

    public init(config: RunnerConfig, concurrent: Int, console: Console?) {
        self.config = config
        self.concurrent = max(1, concurrent)
        self.api = RunnerAPIClient(baseURL: config.url)
        self.console = console
    }

    /// Starts the workers and returns.
    public func start() {
        for slot in 0..<concurrent {
            group.enter()
            Thread.detachNewThread { [self] in
                work(slot: slot)
                group.leave()
            }
        }
    }

    /// Takes no new jobs; running ones finish.
    public func requestStop() {
        stopping.store(true, ordering: .relaxed)
    }

    /// Takes no new jobs and ends the running ones (their scripts and everything they started).
    public func abortRunningJobs() {
        stopping.store(true, ordering: .relaxed)
        aborting.store(true, ordering: .relaxed)
        for executor in running.withLock({ Array($0.values) }) { executor.cancelAll() }
    }

    public func wait() { group.wait() }

    /// Makes the shell executor run every job's script as the unprivileged user `name` (see
    /// `JobUser`), in `workRoot`, created if missing. For `gantry runner run --run-as` and
    /// `gantry server --runner --run-as`.
    public static func runJobs(asUser name: String, workRoot: URL) throws {
        try FileManager.default.createDirectory(at: workRoot, withIntermediateDirectories: true)
        let user = try JobUser(name: name, workRoot: workRoot)
        JobUser.current.withLock { $0 = user }
    }

    private func work(slot: Int) {
        var failures = 0
        while !stopping.load(ordering: .relaxed) {
            do {
                // Before asking: a runner whose engine does not answer takes no job it cannot run.
                let executor = try config.makeExecutor()
                guard let payload = try api.requestJob(token: config.token, info: config.info) else { continue }
                failures = 0
                console?.note("job \(payload.id) (\(payload.jobInfo.name)) of \(payload.jobInfo.projectName): started")
                running.withLock { $0[payload.id] = executor }
                // Taken while aborting: it ends at once, reported as a runner failure.
                if aborting.load(ordering: .relaxed) { executor.cancelAll() }
                RemoteJob(payload: payload, api: api, config: config, slot: slot, console: console, executor: executor,
                          aborted: { [self] in aborting.load(ordering: .relaxed) }).run()
                _ = running.withLock { $0.removeValue(forKey: payload.id) }
            } catch {
                // Server down or restarting: back off, up to five seconds, and keep asking.
                failures += 1
                if failures == 1 || failures % 20 == 0 { console?.note("runner: \(error)") }
                Thread.sleep(forTimeInterval: min(5, 0.2 * Double(failures)))
            }
        }
    }
}
