#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import GantryEngine
import GantryPipeline
import Synchronization

/// Runs each job in a container of the image its `image:` names, through the Docker Engine API
/// (Docker, or Podman's `podman system service`). The job's fresh workspace on this host is
/// bind-mounted at `/builds/<namespace>/<project>` and each step (script, after_script) runs in a
/// container of its own there, as GitLab Runner's docker executor does; everything else (sources,
/// caches, artifacts, reports) stays on this host, as with the shell executor.
///
/// Every container carries the labels `com.gantry.job=<id>` and `com.gantry.owner=<host>/<pid>`,
/// so containers a killed `gantry` left behind are found and removed (`sweepStale`).
public final class DockerExecutor: JobExecutor {
    public let client: DockerClient
    /// For jobs without `image:` (a runner's `--docker-image`, `gantry run`'s default); nil fails such jobs.
    public let defaultImage: String?
    /// Where `defaultImage` was named (`--docker-image`, `GANTRY_DOCKER_IMAGE`, ...), for its errors.
    public let defaultImageOrigin: String?
    /// A run-wide `--pull-policy`: when given, it replaces every image's and service's
    /// `pull_policy:` (GitLab Runner's `pull_policy` in the runner's config).
    public let pullPolicies: [String]?
    /// Bind mounts every job container gets, `HOST:CONTAINER[:ro|rw]` (GitLab Runner's `volumes`).
    public let volumes: [String]
    /// How long services get to open their TCP ports before the script starts (GitLab Runner's
    /// `wait_for_services_timeout`, 30 s by default); 0 does not wait.
    public let waitForServicesTimeout: TimeInterval
    /// The engine's name as the executor's choice found it; prepare asks only when unknown.
    private let engine: Mutex<String?>
    private let sessions = Mutex<[ObjectIdentifier: DockerSession]>([:])
    private let canceled = Atomic<Bool>(false)
    /// Engines swept of stale containers: once per process and engine, not once per executor (a
    /// runner makes one per job).
    private static let swept = Mutex<Set<String>>([])

    public static let jobLabel = "com.gantry.job"
    public static let ownerLabel = "com.gantry.owner"
    /// This process, as the owner label names it.
    static let owner = "\(ProcessInfo.processInfo.hostName)/\(getpid())"

    public init(client: DockerClient, defaultImage: String? = nil, defaultImageOrigin: String? = nil, pullPolicies: [String]? = nil,
                volumes: [String] = [], waitForServicesTimeout: TimeInterval = 30, engine: String? = nil) {
        self.client = client
        self.defaultImage = defaultImage
        self.defaultImageOrigin = defaultImageOrigin
        self.pullPolicies = pullPolicies
        self.volumes = volumes
        self.waitForServicesTimeout = waitForServicesTimeout
        self.engine = Mutex(engine)
    }

    /// `HOST:CONTAINER[:ro|rw]` with two absolute paths, as `--docker-volume` takes it; nil otherwise.
    /// Anything else (a named volume, other options, a relative path) is refused rather than
    /// handed to the engine as a bind of something else.
    public static func isVolume(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || (parts.count == 3 && (parts[2] == "ro" || parts[2] == "rw")) else { return false }
        return parts[0].hasPrefix("/") && parts[1].hasPrefix("/") && !text.contains(",") && !parts[1].split(separator: "/").contains("..")
    }

    public var name: String { "docker" }

    /// `/builds/<namespace>/<project>`, GitLab's place for a project in the job's container.
    public func projectDirectory(for job: ExecutorJob) -> String {
        "/builds/" + (job.projectPath ?? job.workspace.lastPathComponent)
    }

    public func prepare(_ job: ExecutorJob, variables: [String: String], log: JobLog) throws -> any JobSession {
        let expand: (String) -> String = { VariableExpander.expand($0, with: { variables[$0] }) }
        let image: JobImage
        var origin: String?
        if let own = JobImage(job.config, expand: expand) {
            image = own
        } else if let defaultImage {
            image = JobImage(name: expand(defaultImage))
            origin = defaultImageOrigin
        } else {
            throw ExecutorError("the job has no image: and the runner has no default image", reason: .runnerConfigurationError)
        }
        log.info("Using Docker executor with image \(image.name) ...")
        let engineName: String
        do {
            engineName = try engine.withLock { $0 } ?? client.engineName()
            engine.withLock { $0 = engineName }
        } catch {
            throw ExecutorError("\(error)", reason: .runnerSystemFailure)
        }
        log.info("Using \(engineName) at \(client.endpoint)")
        if DockerExecutor.swept.withLock({ $0.insert(client.endpoint.description).inserted }), let removed = try? sweepStale(), removed > 0 {
            log.info("Removed \(removed) container\(removed == 1 ? "" : "s") left by an earlier run")
        }
        do {
            try ensureImage(image.name, platform: image.platform, policies: image.pullPolicies, log: log)
        } catch let error as ExecutorError where origin != nil && error.reason == .imagePullFailure {
            throw ExecutorError("\(error.description)\n\(DockerExecutor.defaultImageHint(image.name, origin: origin!))", reason: error.reason)
        }
        let services = JobService.list(job.config, expand: expand)
        for service in services { try ensureImage(service.name, platform: nil, policies: service.pullPolicies, log: log) }
        let session = try DockerSession(executor: self, job: job, image: image, projectDirectory: projectDirectory(for: job))
        sessions.withLock { $0[ObjectIdentifier(session)] = session }
        if !services.isEmpty {
            do {
                try session.startServices(services, variables: variables, log: log)
            } catch {
                session.cleanUp(log: log)
                throw ExecutorError("services could not be started: \(error)", reason: .runnerSystemFailure)
            }
        }
        return session
    }

    /// What to do about a default image the engine does not have and cannot pull: name where it
    /// was set and, for the images Gantry builds without a registry, the command that builds it.
    static func defaultImageHint(_ name: String, origin: String) -> String {
        let recipe = ["python:3.11-slim": "python", "gantry-busybox:latest": "busybox", "gantry-busybox": "busybox"][name]
        let build = recipe.map { "Build it locally with `scripts/build-image.sh \($0)` (in Gantry's source tree; no registry needed), or n" } ?? "N"
        return "\(name) is the image of jobs without image: (\(origin)). \(build)ame another image with --docker-image IMAGE or GANTRY_DOCKER_IMAGE."
    }

    /// Ends every running step of every job; later steps do not start.
    public func cancelAll() {
        canceled.store(true, ordering: .relaxed)
        for session in sessions.withLock({ Array($0.values) }) { session.cancel() }
    }

    var isCanceled: Bool { canceled.load(ordering: .relaxed) }

    func forget(_ session: DockerSession) {
        _ = sessions.withLock { $0.removeValue(forKey: ObjectIdentifier(session)) }
    }

    /// Makes sure the engine has the image, trying the pull policies (the run's over the job's) in
    /// order as GitLab Runner does: `always` pulls, `if-not-present` uses the local image or pulls, `never` uses the local
    /// image only. When none succeeds: GitLab's `image_pull_failure` with the last error.
    /// With a `platform`, a local image of another OS or architecture counts as missing, as with Docker.
    private func ensureImage(_ name: String, platform: String?, policies jobPolicies: [String], log: JobLog) throws {
        let policies = pullPolicies ?? jobPolicies
        var lastError: DockerError?
        for policy in policies {
            do {
                if policy != "always", let found = try client.inspectImage(name) {
                    if let platform, !DockerClient.image(found, matches: platform) {
                        guard policy != "never" else {
                            throw DockerError.engine(call: "image inspect", status: 404, message: "image \(name) is \(found.Os ?? "?")/\(found.Architecture ?? "?"), "
                                                     + "not the platform \(platform) the job asks for")
                        }
                    } else {
                        log.info("Using docker image \(found.Id) for \(name) ...")
                        return
                    }
                }
                guard policy != "never" else {
                    throw DockerError.engine(call: "image inspect", status: 404, message: "No such image: \(name)")
                }
                log.info("Pulling docker image \(name)\(platform.map { " for platform \($0)" } ?? "") ...")
                try client.pullImage(name, platform: platform)
                guard let pulled = try client.inspectImage(name) else {
                    throw DockerError.unexpectedAnswer(call: "pull \(name)", detail: "the image is still missing after the pull")
                }
                log.info("Using docker image \(pulled.Id) for \(name) ...")
                return
            } catch let error as DockerError {
                if case .unreachable = error { throw ExecutorError("\(error)", reason: .runnerSystemFailure) }
                if policies.count > 1 { log.info("WARNING: Failed to pull image with policy \"\(policy)\": \(error)") }
                lastError = error
            }
        }
        throw ExecutorError("failed to pull image \"\(name)\" with specified policies [\(policies.joined(separator: " "))]: "
                            + (lastError.map { "\($0)" } ?? "no pull policy given"), reason: .imagePullFailure)
    }

    /// Removes the containers (then the networks) whose owner, a `gantry` on this host, is no
    /// longer running; how many containers.
    @discardableResult
    public func sweepStale() throws -> Int {
        var removed = 0
        for container in try client.containers(label: DockerExecutor.jobLabel) where DockerExecutor.ownerIsGone(container.Labels) {
            try client.removeContainer(container.Id)
            removed += 1
        }
        for network in try client.networks(label: DockerExecutor.jobLabel) where DockerExecutor.ownerIsGone(network.Labels) {
            try client.removeNetwork(network.Id)
        }
        return removed
    }

    /// Whether the owner label names a process of this host that no longer exists.
    static func ownerIsGone(_ labels: [String: String]?) -> Bool {
        let host = ProcessInfo.processInfo.hostName + "/"
        guard let owner = labels?[ownerLabel], owner.hasPrefix(host), let pid = pid_t(owner.dropFirst(host.count)) else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
