import Foundation
import GantryExecution
import GantryHTTP
import GantryRunner
import GantryStore
import Synchronization

/// `gantry server`: the store, git over HTTP, the REST API and the runner protocol on one port,
/// the pipeline coordinator behind them, and optionally a runner of its own.
public final class CIServer: Sendable {
    public let options: ServerOptions
    public let data: DataDirectory
    public let store: any Store
    public let baseURL: String
    /// The root token when this start created it (printed once), else nil.
    public let createdRootToken: String?
    /// The registration token when this start created it (printed once), else nil.
    public let createdRegistrationToken: String?
    let coordinator: PipelineCoordinator
    private let http: Mutex<HTTPServer?> = Mutex(nil)
    private let runner: Mutex<RunnerAgent?> = Mutex(nil)
    private let running = Atomic<Bool>(false)
    private let watchdogDone = DispatchSemaphore(value: 0)
    public let port: Int

    static let registrationTokenSetting = "runner_registration_token_digest"

    public init(options: ServerOptions) throws {
        self.options = options
        data = DataDirectory(options.data)
        try data.create()
        store = try SQLiteStore(path: data.database.path)
        createdRootToken = try Accounts(store: store).bootstrap(initialToken: options.initialRootToken)
        if let token = options.registrationToken {
            try store.setSetting(CIServer.registrationTokenSetting, Secrets.digest(token))
            createdRegistrationToken = nil
        } else if try store.setting(CIServer.registrationTokenSetting) == nil {
            let token = Secrets.generate(prefix: "GR1348941")
            try store.setSetting(CIServer.registrationTokenSetting, Secrets.digest(token))
            createdRegistrationToken = token
        } else {
            createdRegistrationToken = nil
        }

        // The port must be known before the base URL (it goes into job payloads), so the
        // HTTP server starts here and routes through a box filled just below.
        let box = Mutex<Router?>(nil)
        let server = try HTTPServer(host: options.host, port: options.port, temporaryDirectory: data.temporary) { request in
            guard let router = box.withLock({ $0 }) else { return .message(status: 503, "503 Service Unavailable") }
            return router.handle(request)
        }
        port = server.port
        let url = options.externalURL ?? "http://\(options.host):\(server.port)"
        baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        coordinator = PipelineCoordinator(store: store, data: data, baseURL: baseURL, heartbeatTimeout: options.heartbeatTimeout)
        let log = ServerLog(quiet: options.quiet)
        var router = Router()
        router.onInternalError = { request, error in log.note("error: \(request.method) \(request.path): \(error)") }
        API(store: store, data: data, baseURL: baseURL, coordinator: coordinator, log: log).register(&router)
        GitRoutes(store: store, data: data, coordinator: coordinator, log: log).register(&router)
        try coordinator.recover()
        box.withLock { $0 = router }
        http.withLock { $0 = server }
    }

    /// Starts the watchdog (lost runners, delayed jobs) and the in-process runner, if asked.
    public func start() throws {
        running.store(true, ordering: .relaxed)
        Thread.detachNewThread { [self] in
            while running.load(ordering: .relaxed) {
                coordinator.tick()
                Thread.sleep(forTimeInterval: 1)
            }
            watchdogDone.signal()
        }
        if options.inProcessRunners > 0 {
            let token = Secrets.generate(prefix: "glrt-")
            let record = try store.createRunner(RunnerRecord(tokenDigest: Secrets.digest(token), description: "gantry server --runner",
                                                             runUntagged: true, createdAt: Date()))
            let config = RunnerConfig(url: "http://127.0.0.1:\(port)", id: record.id, token: token, description: record.description,
                                      tags: [], executor: "shell", workDirectory: data.root.appendingPathComponent("runner").path)
            let agent = RunnerAgent(config: config, concurrent: options.inProcessRunners, console: nil)
            agent.start()
            runner.withLock { $0 = agent }
        }
    }

    /// Stops taking requests, lets the in-process runner's jobs end, and closes the store.
    public func stop() {
        let agent = runner.withLock { r -> RunnerAgent? in defer { r = nil }; return r }
        coordinator.stop()
        if running.exchange(false, ordering: .relaxed) { watchdogDone.wait() }
        // The in-process runner's jobs end with the server: reported as runner failures when the
        // server still answers, else failed for their missing heartbeat after a restart; either
        // way `retry: when: runner_system_failure` runs them again.
        agent?.abortRunningJobs()
        http.withLock { $0?.stop(); $0 = nil }
    }
}
