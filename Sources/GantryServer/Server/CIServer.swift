import Foundation
import GantryExecution
import GantryHTTP
import GantryStore
import Synchronization

/// `gantry server`: the store, git over HTTP, the REST API and the runner protocol on one port,
/// and the pipeline coordinator behind them. A runner of its own (`--runner`) is started by the
/// `gantry server` command, which composes the server and the runner agent (`inProcessRunner()`).
public final class CIServer: Sendable {
    public let options: ServerOptions
    public let data: DataDirectory
    public let store: any Store
    public let baseURL: String
    /// The root token when this start created it (printed once), else nil.
    public let createdRootToken: String?
    /// root's password when this start set it (printed once), else nil.
    public let createdRootPassword: String?
    /// The registration token when this start created it (printed once), else nil.
    public let createdRegistrationToken: String?
    let coordinator: PipelineCoordinator
    private let http: Mutex<HTTPServer?> = Mutex(nil)
    private let running = Atomic<Bool>(false)
    private let watchdogDone = DispatchSemaphore(value: 0)
    public let port: Int

    static let registrationTokenSetting = "runner_registration_token_digest"

    static let inProcessRunnerSetting = "in_process_runner_id"

    /// `frontEnd`: the web UI, given the read model the API's own answers come from.
    public init(options: ServerOptions, frontEnd makeFrontEnd: (@Sendable (ReadModel) throws -> any FrontEnd)? = nil) throws {
        self.options = options
        data = DataDirectory(options.data)
        try data.create()
        // A killed run may have left git processes that could still move a ref, and spilled bodies.
        GitHTTPBackend.killOrphans(projectRoot: data.repositories)
        data.clearTemporary()
        store = try SQLiteStore(path: data.database.path)
        createdRootToken = try Accounts(store: store).bootstrap(initialToken: options.initialRootToken)
        createdRootPassword = try Accounts(store: store).bootstrapPassword(initial: options.initialRootPassword)
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
        let box = Mutex<(Router, (any FrontEnd)?)?>(nil)
        let admission = RequestAdmission(store: store, limits: RequestAdmission.BodyLimits(
            artifacts: options.maxArtifactsSize, packages: options.maxPackageSize, push: options.maxPushSize))
        let limits = ConnectionLimits(perClient: options.connectionsPerClient, idleTimeout: options.idleTimeout)
        let server = try HTTPServer(host: options.host, port: options.port, temporaryDirectory: data.temporary, limits: limits,
                                    admission: { admission.admit($0) }) { request in
            guard let (router, frontEnd) = box.withLock({ $0 }) else { return .message(status: 503, "503 Service Unavailable") }
            let response = router.handle(request)
            return frontEnd?.finish(response, for: request) ?? response
        }
        port = server.port
        let url = options.externalURL ?? "http://\(options.host):\(server.port)"
        baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        let includes = ServerIncludes(store: store, data: data, templates: TemplateLibrary(directory: options.ciTemplates),
                                      remotePolicy: .server(allowedHosts: options.remoteIncludeHosts))
        let log = ServerLog(quiet: options.quiet)
        coordinator = PipelineCoordinator(store: store, data: data, baseURL: baseURL, heartbeatTimeout: options.heartbeatTimeout,
                                          maxJobLogSize: options.maxJobLogSize, includes: includes, idTokenSigner: options.idTokenSigner,
                                          log: log)
        var router = Router()
        router.onInternalError = { request, error in log.note("error: \(request.method) \(request.path): \(error)") }
        let forwarding = PyPIForwarding(upstream: try PyPIForwarding.validatedUpstream(options.pypiUpstream),
                                         onByDefault: options.pypiForwarding, store: store)
        API(store: store, data: data, baseURL: baseURL, coordinator: coordinator, log: log, pypiForwarding: forwarding,
            includes: includes).register(&router)
        let frontEnd = try makeFrontEnd?(ReadModel(store: store, data: data, baseURL: baseURL, coordinator: coordinator, log: log))
        frontEnd?.register(&router)
        GitRoutes(store: store, data: data, coordinator: coordinator, log: log,
                  otherwise: { try frontEnd?.page($0) ?? .notFound }).register(&router)
        for add in options.extraRoutes { try add(&router, store, data.root, baseURL) }
        try coordinator.recover()
        finishInterruptedPushes(log: log)
        box.withLock { $0 = (router, frontEnd) }
        http.withLock { $0 = server }
    }

    /// Starts the watchdog (lost runners, delayed jobs).
    public func start() throws {
        running.store(true, ordering: .relaxed)
        Thread.detachNewThread { [self] in
            while running.load(ordering: .relaxed) {
                coordinator.tick()
                Thread.sleep(forTimeInterval: 1)
            }
            watchdogDone.signal()
        }
    }

    /// The in-process runner's identity, for an agent that talks to this server over loopback.
    /// It keeps one identity across restarts (its id and row; a fresh token each start, so no
    /// runner token is ever stored): a restart does not add a runner.
    public func inProcessRunner() throws -> InProcessRunner {
        let work = try runnerWorkDirectory()
        let token = Secrets.generate(prefix: "glrt-")
        var record: RunnerRecord
        if let id = try store.setting(CIServer.inProcessRunnerSetting).flatMap({ Int($0) }), let known = try store.runner(id: id) {
            record = known
            record.tokenDigest = Secrets.digest(token)
            try store.updateRunner(record)
        } else {
            record = try store.createRunner(RunnerRecord(tokenDigest: Secrets.digest(token), description: "gantry server --runner",
                                                         runUntagged: true, createdAt: Date()))
            try store.setSetting(CIServer.inProcessRunnerSetting, String(record.id))
        }
        return InProcessRunner(id: record.id, token: token, description: record.description, url: "http://127.0.0.1:\(port)",
                               workDirectory: work)
    }

    /// `DATA/runner`, or with `--run-as` a folder the job user can reach: the data directory is
    /// closed to every other user, so its builds live next to it (`DATA-runner`) unless told.
    private func runnerWorkDirectory() throws -> URL {
        let work = options.runnerWorkDirectory?.standardizedFileURL
            ?? (options.runAs == nil ? data.root.appendingPathComponent("runner")
                : data.root.deletingLastPathComponent().appendingPathComponent(data.root.lastPathComponent + "-runner"))
        if options.runAs != nil, work.path == data.root.path || work.path.hasPrefix(data.root.path + "/") {
            throw ServerSetupError("--runner-work-dir must be outside the data directory with --run-as: jobs cannot reach inside it")
        }
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        return work
    }

    /// Pipelines for the refs that pushes of a killed run moved (see PushJournal).
    private func finishInterruptedPushes(log: ServerLog) {
        let journal = PushJournal(folder: data.pushes)
        let pipelines = PushPipelines(coordinator: coordinator, log: log)
        for (file, entry) in journal.unfinished() {
            guard let project = try? store.project(id: entry.projectID) else {
                journal.finish(file)
                continue
            }
            let after = BareRepository(path: data.repository(projectID: project.id)).refs()
            log.note("push to \(project.pathWithNamespace) interrupted by a stop; starting the pipelines of the refs it moved")
            if pipelines.start(project: project, before: entry.before, after: after, userID: entry.userID) {
                journal.finish(file)
            }
        }
    }

    /// Stops taking requests and closes the store. The command aborts the in-process runner's
    /// jobs just before, while the server still answers their reports.
    public func stop() {
        coordinator.stop()
        if running.exchange(false, ordering: .relaxed) { watchdogDone.wait() }
        // git http-backend and its children end with the server; an interrupted push's pipelines
        // are started at the next start (PushJournal).
        GitHTTPBackend.killAll()
        http.withLock { $0?.stop(); $0 = nil }
    }
}
