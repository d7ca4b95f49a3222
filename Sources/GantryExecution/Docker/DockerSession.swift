import Foundation
import Synchronization

/// One job's steps in containers: each step a container of the job's image with the workspace
/// mounted at the project directory and the step's script mounted read-only, run with bash when
/// the image has it, else sh (GitLab's shell detection). Timeout and cancel kill the container;
/// every container is removed when its step ends, and again at `cleanUp` should that have failed.
/// A job with `services:` gets a network of its own, its services on it under their aliases.
final class DockerSession: JobSession {
    private let executor: DockerExecutor
    private let jobID: Int
    private let image: JobImage
    private let workspace: URL
    private let projectDirectory: String
    /// On this host: the steps' scripts, mounted at `scriptMount` in each container.
    private let scripts: URL
    private let running = Mutex<String?>(nil)
    private let canceled = Atomic<Bool>(false)
    private let created = Mutex<[String]>([])
    /// The name of the job's network, when it has services.
    private let network = Mutex<String?>(nil)
    /// Services still running, by image name, not yet reported as stopped.
    private let services = Mutex<[(name: String, container: String)]>([])
    /// Labels of everything made for the job, so that it can be found and swept.
    private let labels: [String: String]

    static let scriptMount = "/gantry-scripts"

    /// Runs the script given as its argument with the first shell the image has, in GitLab
    /// Runner's order of preference.
    static let shellDetection = """
        for shell in /usr/local/bin/bash /usr/bin/bash /bin/bash /usr/local/bin/sh /usr/bin/sh /bin/sh /busybox/sh; do
          if [ -x "$shell" ]; then exec "$shell" "$@"; fi
        done
        echo "shell not found in the image" >&2
        exit 1
        """

    init(executor: DockerExecutor, job: ExecutorJob, image: JobImage, projectDirectory: String) throws {
        self.executor = executor
        jobID = job.id
        self.image = image
        workspace = job.workspace
        self.projectDirectory = projectDirectory
        labels = [DockerExecutor.jobLabel: String(job.id), DockerExecutor.ownerLabel: DockerExecutor.owner]
        scripts = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-docker-\(job.id)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
    }

    /// How long the log stream may stay open after the container has stopped.
    static let logGrace: Double = 10

    func run(_ step: JobStep, script: String, variables: [String: String], timeout: TimeInterval,
             output: @escaping @Sendable (Data) -> Void) throws -> StepOutcome {
        if executor.isCanceled || canceled.load(ordering: .relaxed) { return .canceled }
        let file = scripts.appendingPathComponent("\(step.rawValue).sh")
        try script.write(to: file, atomically: true, encoding: .utf8)

        var spec = DockerContainerSpec(image: image.name)
        spec.entrypoint = image.entrypoint
        spec.cmd = ["sh", "-c", DockerSession.shellDetection, "sh", "\(DockerSession.scriptMount)/\(step.rawValue).sh"]
        spec.env = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        spec.workingDir = projectDirectory
        spec.user = image.user
        spec.labels = labels.merging(["com.gantry.step": step.rawValue]) { $1 }
        spec.binds = ["\(workspace.path):\(projectDirectory)", "\(scripts.path):\(DockerSession.scriptMount):ro"]
        spec.network = network.withLock { $0 }

        let client = executor.client
        let id = try create(spec, role: step.rawValue.replacingOccurrences(of: "_", with: "-"))
        running.withLock { $0 = id }
        defer {
            running.withLock { $0 = nil }
            try? client.removeContainer(id)
        }
        // A cancel that came while the container was being created finds it here.
        if executor.isCanceled || canceled.load(ordering: .relaxed) { return .canceled }

        let deadline = StepDeadline(after: timeout) { try? client.killContainer(id) }
        defer { deadline.cancel() }
        try client.startContainer(id)
        // The log stream normally ends when the container stops, whether it exits or is killed;
        // the exit code comes from the wait, and a stream still open well after it is given up.
        let relay = LogRelay(output)
        DispatchQueue.global().async {
            try? client.followLogs(id, output: relay.forward)
            relay.finish()
        }
        let code = try client.waitContainer(id)
        if let delivered = relay.waitForEnd(seconds: DockerSession.logGrace) {
            let rest = Mutex(Data())
            try client.followLogs(id, follow: false) { piece in rest.withLock { $0.append(piece) } }
            let all = rest.withLock { $0 }
            if all.count > delivered { output(all.subdata(in: delivered..<all.count)) }
        }

        if executor.isCanceled || canceled.load(ordering: .relaxed) { return .canceled }
        if deadline.expired { return .timedOut }
        return .exited(code)
    }

    /// Creates the job's network and starts each service on it under its aliases, with the job's
    /// variables and its own; a service that has stopped already is reported with its output, as
    /// GitLab reports one, and the job goes on.
    func startServices(_ list: [JobService], variables: [String: String], log: JobLog) throws {
        let client = executor.client
        let name = "gantry-\(getpid())-job-\(jobID)-\(UUID().uuidString.prefix(6).lowercased())"
        _ = try client.createNetwork(name, labels: labels)
        network.withLock { $0 = name }
        for (index, service) in list.enumerated() {
            log.info("Starting service \(service.name) ...")
            var spec = DockerContainerSpec(image: service.name)
            spec.entrypoint = service.entrypoint
            spec.cmd = service.command
            spec.env = variables.merging(service.variables) { $1 }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            spec.labels = labels.merging(["com.gantry.service": service.name]) { $1 }
            spec.network = name
            spec.aliases = service.aliases
            let container = try create(spec, role: "service-\(index)")
            try client.startContainer(container)
            services.withLock { $0.append((service.name, container)) }
        }
        reportStoppedServices(log: log)
    }

    /// Each service that is no longer running, once, with its exit code and output.
    private func reportStoppedServices(log: JobLog) {
        let stopped = services.withLock { list in
            let gone = list.filter { (try? executor.client.inspectContainer($0.container))?.running == false }
            list.removeAll { entry in gone.contains { $0.container == entry.container } }
            return gone
        }
        for (name, container) in stopped {
            let code = (try? executor.client.inspectContainer(container)).map { String($0.exitCode) } ?? "?"
            log.info("\u{1B}[0;33m*** WARNING:\u{1B}[0;m Service \(name) probably didn't start properly: it exited with code \(code). Its output:")
            try? executor.client.followLogs(container) { log.append($0) }
            log.flush()
        }
    }

    /// A labelled container of the job, named after its role, remembered for `cleanUp`.
    private func create(_ spec: DockerContainerSpec, role: String) throws -> String {
        let name = "gantry-\(getpid())-job-\(jobID)-\(role)-\(UUID().uuidString.prefix(6).lowercased())"
        let id = try executor.client.createContainer(spec, name: name)
        created.withLock { $0.append(id) }
        return id
    }

    /// Kills the running step's container; no later step starts.
    func cancel() {
        canceled.store(true, ordering: .relaxed)
        if let id = running.withLock({ $0 }) { try? executor.client.killContainer(id) }
    }

    func cleanUp(log: JobLog) {
        reportStoppedServices(log: log)
        for id in created.withLock({ $0 }) { try? executor.client.removeContainer(id) }
        if let network = network.withLock({ $0 }) { try? executor.client.removeNetwork(network) }
        try? FileManager.default.removeItem(at: scripts)
        executor.forget(self)
    }
}
