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

    /// How long the followed log stream may stay open after the container has stopped before the
    /// rest is fetched in one call instead. Podman ends a followed stream only at its next poll of
    /// the log file (up to half a second after the exit, and now and then never), while the
    /// complete log is there the moment the container has stopped.
    static let logGrace: Double = 0.05

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
        spec.platform = image.platform
        spec.labels = labels.merging(["com.gantry.step": step.rawValue]) { $1 }
        spec.binds = workspaceBinds + ["\(scripts.path):\(DockerSession.scriptMount):ro"]
        spec.network = network.withLock { $0 }

        let client = executor.client
        let id = try create(spec, role: step.rawValue.replacingOccurrences(of: "_", with: "-"))
        running.withLock { $0 = id }
        defer {
            running.withLock { $0 = nil }
            remove(id)
            restoreOwnership(output: output)
        }
        // A cancel that came while the container was being created finds it here.
        if executor.isCanceled || canceled.load(ordering: .relaxed) { return .canceled }

        let deadline = StepDeadline(after: timeout) { try? client.killContainer(id) }
        defer { deadline.cancel() }
        try client.startContainer(id)
        // The log stream normally ends when the container stops, whether it exits or is killed;
        // the exit code comes from the wait, and a stream still open well after it is given up.
        let relay = LogRelay(output)
        let exit = StepExit()
        exit.waitInBackground(client, id)
        exit.pollEarly(client, id)
        DispatchQueue.global().async {
            try? client.followLogs(id, output: relay.forward)
            relay.finish()
            exit.streamEnded(client, id)
        }
        let code = try exit.code()
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

    /// The workspace at the project directory, then the executor's `volumes`.
    private var workspaceBinds: [String] { ["\(workspace.path):\(projectDirectory)"] + executor.volumes }

    /// Gives what the step's container wrote in the workspace back to the workspace's owner (see
    /// `WorkspaceOwner`); says so in the output only when that fails.
    private func restoreOwnership(output: @Sendable (Data) -> Void) {
        guard let owner = WorkspaceOwner(of: workspace), !owner.isTrivial else { return }
        let fixHere = WorkspaceOwner.canChown
        let count = owner.strangers(in: workspace, fix: fixHere)
        guard count > 0, !fixHere else { return }
        var spec = DockerContainerSpec(image: image.name)
        spec.entrypoint = [owner.chownCommand(projectDirectory)[0]]
        spec.cmd = Array(owner.chownCommand(projectDirectory).dropFirst())
        spec.user = "0"
        spec.platform = image.platform
        spec.labels = labels.merging(["com.gantry.step": "chown"]) { $1 }
        spec.binds = workspaceBinds
        do {
            let id = try create(spec, role: "chown")
            defer { remove(id) }
            try executor.client.startContainer(id)
            let code = try executor.client.waitContainer(id)
            if code != 0 { throw DockerError.unexpectedAnswer(call: "chown", detail: "exit code \(code)") }
        } catch {
            output(Data("WARNING: \(count) files the job's container wrote in the workspace could not be given back to uid \(owner.uid): \(error)\n".utf8))
        }
    }

    /// Removes a container of the job now; `cleanUp` tries again only if this failed.
    private func remove(_ id: String) {
        if (try? executor.client.removeContainer(id)) != nil { created.withLock { $0.removeAll { $0 == id } } }
    }

    /// Creates the job's network and starts each service on it under its aliases, with the job's
    /// variables and its own; a service that has stopped already is reported with its output, as
    /// GitLab reports one, and the job goes on.
    func startServices(_ list: [JobService], variables: [String: String], log: JobLog) throws {
        let client = executor.client
        let name = "gantry-\(getpid())-job-\(jobID)-\(UUID().uuidString.prefix(6).lowercased())"
        _ = try client.createNetwork(name, labels: labels)
        network.withLock { $0 = name }
        var waits: [ServiceWait.Target] = []
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
            waits.append(ServiceWait.Target(name: service.name, container: container, variables: variables.merging(service.variables) { $1 }))
        }
        if executor.waitForServicesTimeout > 0 {
            log.info("Waiting for services to be up and running (timeout \(Int(executor.waitForServicesTimeout)) seconds)...")
            let wait = ServiceWait(client: client, network: name, timeout: executor.waitForServicesTimeout)
            let problems = Mutex<[Int: String]>([:])
            let targets = waits
            DispatchQueue.concurrentPerform(iterations: targets.count) { index in
                if let problem = wait.wait(for: targets[index]) { problems.withLock { $0[index] = problem } }
            }
            for (index, problem) in problems.withLock({ $0 }).sorted(by: { $0.key < $1.key }) {
                reportSlowService(waits[index], problem: problem, log: log)
            }
        }
        reportStoppedServices(log: log)
    }

    /// GitLab Runner's warning for a service that did not open its port in time, with its output.
    private func reportSlowService(_ target: ServiceWait.Target, problem: String, log: JobLog) {
        let name = (try? executor.client.inspectContainer(target.container))?.name ?? target.name
        log.info("")
        log.info("\u{1B}[0;33m*** WARNING:\u{1B}[0;m Service \(name) probably didn't start properly.")
        log.info("")
        log.info("Health check error:")
        log.info(problem)
        log.info("")
        log.info("Service container logs:")
        try? executor.client.followLogs(target.container, follow: false) { log.append($0) }
        log.flush()
        log.info("")
        log.info("\u{1B}[0;33m*********\u{1B}[0;m")
        log.info("")
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
