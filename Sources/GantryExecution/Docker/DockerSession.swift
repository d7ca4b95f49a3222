import Foundation
import Synchronization

/// One job's steps in containers: each step a container of the job's image with the workspace
/// mounted at the project directory and the step's script mounted read-only, run with bash when
/// the image has it, else sh (GitLab's shell detection). Timeout and cancel kill the container;
/// every container is removed when its step ends, and again at `cleanUp` should that have failed.
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
        scripts = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-docker-\(job.id)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
    }

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
        spec.labels = [DockerExecutor.jobLabel: String(jobID), DockerExecutor.ownerLabel: DockerExecutor.owner,
                       "com.gantry.step": step.rawValue]
        spec.binds = ["\(workspace.path):\(projectDirectory)", "\(scripts.path):\(DockerSession.scriptMount):ro"]

        let client = executor.client
        let name = "gantry-\(getpid())-job-\(jobID)-\(step.rawValue.replacingOccurrences(of: "_", with: "-"))-\(UUID().uuidString.prefix(6).lowercased())"
        let id = try client.createContainer(spec, name: name)
        created.withLock { $0.append(id) }
        running.withLock { $0 = id }
        defer {
            running.withLock { $0 = nil }
            try? client.removeContainer(id)
        }
        // A cancel that came while the container was being created finds it here.
        if executor.isCanceled || canceled.load(ordering: .relaxed) { return .canceled }

        let timedOut = Atomic<Bool>(false)
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + timeout)
        timer.setEventHandler {
            timedOut.store(true, ordering: .relaxed)
            try? client.killContainer(id)
        }
        timer.resume()
        defer { timer.cancel() }
        try client.startContainer(id)
        // The log stream ends when the container stops, whether it exits or is killed.
        try client.followLogs(id, output: output)
        let code = try client.waitContainer(id)

        if executor.isCanceled || canceled.load(ordering: .relaxed) { return .canceled }
        if timedOut.load(ordering: .relaxed) { return .timedOut }
        return .exited(code)
    }

    /// Kills the running step's container; no later step starts.
    func cancel() {
        canceled.store(true, ordering: .relaxed)
        if let id = running.withLock({ $0 }) { try? executor.client.killContainer(id) }
    }

    func cleanUp(log: JobLog) {
        for id in created.withLock({ $0 }) { try? executor.client.removeContainer(id) }
        try? FileManager.default.removeItem(at: scripts)
        executor.forget(self)
    }
}
