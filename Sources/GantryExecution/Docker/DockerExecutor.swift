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
    /// For jobs without `image:` (a runner's `--docker-image`); nil fails such jobs.
    public let defaultImage: String?
    /// A run-wide `--pull-policy`: when given, it replaces every image's and service's
    /// `pull_policy:` (GitLab Runner's `pull_policy` in the runner's config).
    public let pullPolicies: [String]?
    private let sessions = Mutex<[ObjectIdentifier: DockerSession]>([:])
    private let canceled = Atomic<Bool>(false)
    private let swept = Atomic<Bool>(false)

    public static let jobLabel = "com.gantry.job"
    public static let ownerLabel = "com.gantry.owner"
    /// This process, as the owner label names it.
    static let owner = "\(ProcessInfo.processInfo.hostName)/\(getpid())"

    public init(client: DockerClient, defaultImage: String? = nil, pullPolicies: [String]? = nil) {
        self.client = client
        self.defaultImage = defaultImage
        self.pullPolicies = pullPolicies
    }

    public var name: String { "docker" }

    /// `/builds/<namespace>/<project>`, GitLab's place for a project in the job's container.
    public func projectDirectory(for job: ExecutorJob) -> String {
        "/builds/" + (job.projectPath ?? job.workspace.lastPathComponent)
    }

    public func prepare(_ job: ExecutorJob, variables: [String: String], log: JobLog) throws -> any JobSession {
        let expand: (String) -> String = { VariableExpander.expand($0, with: { variables[$0] }) }
        guard let image = JobImage(job.config, expand: expand) ?? defaultImage.map({ JobImage(name: expand($0)) }) else {
            throw ExecutorError("the job has no image: and the runner has no default image", reason: .runnerConfigurationError)
        }
        log.info("Using Docker executor with image \(image.name) ...")
        let version: DockerClient.Version
        do {
            version = try client.version()
        } catch {
            throw ExecutorError("\(error)", reason: .runnerSystemFailure)
        }
        log.info("Using \(version.engineName) at \(client.endpoint)")
        if !swept.exchange(true, ordering: .relaxed), let removed = try? sweepStale(), removed > 0 {
            log.info("Removed \(removed) container\(removed == 1 ? "" : "s") left by an earlier run")
        }
        try ensureImage(image.name, policies: image.pullPolicies, log: log)
        let services = JobService.list(job.config, expand: expand)
        for service in services { try ensureImage(service.name, policies: service.pullPolicies, log: log) }
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
    private func ensureImage(_ name: String, policies jobPolicies: [String], log: JobLog) throws {
        let policies = pullPolicies ?? jobPolicies
        var lastError: DockerError?
        for policy in policies {
            do {
                if policy != "always", let found = try client.inspectImage(name) {
                    log.info("Using docker image \(found.Id) for \(name) ...")
                    return
                }
                guard policy != "never" else {
                    throw DockerError.engine(call: "image inspect", status: 404, message: "No such image: \(name)")
                }
                log.info("Pulling docker image \(name) ...")
                try client.pullImage(name)
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
