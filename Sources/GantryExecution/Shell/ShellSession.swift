#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import GantryPipeline

extension ShellExecutor: JobExecutor {
    public var name: String { "shell" }

    /// The job runs where its workspace is.
    public func projectDirectory(for job: ExecutorJob) -> String { job.workspace.path }

    public func prepare(_ job: ExecutorJob, variables: [String: String], log: JobLog) throws -> any JobSession {
        log.info("Running on \(ProcessInfo.processInfo.hostName) with Gantry's shell executor...")
        if let image = PredefinedVariables.imageName(job.config) {
            let expanded = VariableExpander.expand(image, with: { variables[$0] })
            log.info("Note: image \(expanded) is not used: the shell executor runs the job on this host.")
        }
        return ShellSession(executor: self, job: job)
    }
}

/// A job's steps on this host: each step's script in a fresh shell in the workspace, with the
/// base of the runner's environment (see JobEnvironment), the job's variables over it, and a
/// temporary folder and tool caches of the job's slot.
struct ShellSession: JobSession {
    let executor: ShellExecutor
    let workspace: URL
    let environment: [String: String]
    let temporary: URL

    init(executor: ShellExecutor, job: ExecutorJob) {
        self.executor = executor
        workspace = job.workspace
        // Nothing of the runner's own environment reaches the job but this base (no GANTRY_*
        // settings, no tokens): see JobEnvironment.
        var environment = JobEnvironment.base(ProcessInfo.processInfo.environment)
        if let tools = job.settings.toolDirectory {
            environment["PATH"] = tools + ":" + (environment["PATH"] ?? JobEnvironment.defaultPath)
        }
        // Jobs running side by side get their own temporary folder and tool caches (pip, Poetry
        // under XDG_CACHE_HOME), as jobs in separate containers would: Poetry, for one, caches the
        // project's own wheel by name and version, and two jobs building it at once break each
        // other's install. Caches stay per slot across runs, so they still save downloads.
        let slotHome = job.settings.stateDirectory.appendingPathComponent("slots/\(job.slot)")
        // Short, outside the project: Unix socket paths under TMPDIR (Python's multiprocessing)
        // must stay below 108 bytes.
        temporary = URL(fileURLWithPath: "/tmp/gantry-\(getpid())-\(job.slot)")
        try? FileManager.default.removeItem(at: temporary)
        try? FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        environment["TMPDIR"] = temporary.path
        environment["XDG_CACHE_HOME"] = slotHome.appendingPathComponent("cache").path
        self.environment = environment
    }

    func run(_ step: JobStep, script: String, variables: [String: String], timeout: TimeInterval,
             output: @escaping @Sendable (Data) -> Void) throws -> StepOutcome {
        try executor.run(script: script, environment: environment.merging(variables) { $1 }, directory: workspace,
                         timeout: timeout, output: output)
    }

    func cleanUp(log: JobLog) {
        try? FileManager.default.removeItem(at: temporary)
    }
}
