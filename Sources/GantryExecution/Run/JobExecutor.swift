import Foundation
import GantryEngine
import GantryPipeline

/// Where a job's scripts run — GitLab Runner's executor, Woodpecker's backend. `JobRunner` does
/// everything around the scripts on this host (sources, caches, artifacts, reports, the log); an
/// executor only readies a place for the scripts (`prepare`), runs each step there, stops them on
/// cancel and clears the place away (`JobSession.cleanUp`).
public protocol JobExecutor: Sendable {
    /// `shell`, `docker`: as the job log names it.
    var name: String { get }
    /// The job's project directory as its scripts see it (`CI_PROJECT_DIR`); `CI_BUILDS_DIR` is
    /// its parent's parent for a `namespace/project` path, its parent otherwise.
    func projectDirectory(for job: ExecutorJob) -> String
    /// Readies the place the job's steps run in, logging what it does; throws `ExecutorError`
    /// (with GitLab's failure reason) when the job cannot run there. `variables`: the job's, as
    /// its steps see them (an image name may use them).
    func prepare(_ job: ExecutorJob, variables: [String: String], log: JobLog) throws -> any JobSession
    /// Ends every running step of every job of this executor (Ctrl-C, pipeline cancel).
    func cancelAll()
}

/// One job's place to run its steps, from `prepare` to `cleanUp`.
public protocol JobSession: Sendable {
    /// Runs one step's script (blocking the calling thread), its output to `output` as it arrives.
    /// `variables`: the job's variables, as the step sees them.
    func run(_ step: JobStep, script: String, variables: [String: String], timeout: TimeInterval,
             output: @escaping @Sendable (Data) -> Void) throws -> StepOutcome
    /// Removes what `prepare` made; runs whatever the job's outcome.
    func cleanUp(log: JobLog)
}

/// The steps of a job that run user scripts, GitLab's `step_script` and `after_script`.
public enum JobStep: String, Sendable {
    case script = "step_script"
    case afterScript = "after_script"
}

/// How a step's script ended.
public enum StepOutcome: Sendable, Equatable {
    case exited(Int32)
    case timedOut
    case canceled
}

/// What an executor learns of the job it prepares for.
public struct ExecutorJob: Sendable {
    public var id: Int
    public var name: String
    public var slot: Int
    public var config: JobConfig
    /// The job's fresh copy of the project on this host.
    public var workspace: URL
    /// `CI_PROJECT_PATH` (`namespace/project`) when the pipeline knows it.
    public var projectPath: String?
    public var settings: RunSettings

    public init(id: Int, name: String, slot: Int, config: JobConfig, workspace: URL, projectPath: String?, settings: RunSettings) {
        self.id = id
        self.name = name
        self.slot = slot
        self.config = config
        self.workspace = workspace
        self.projectPath = projectPath
        self.settings = settings
    }
}

/// Why a job could not be readied to run; `reason` is GitLab's failure reason for it.
public struct ExecutorError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public let reason: FailureReason

    public init(_ description: String, reason: FailureReason) {
        self.description = description
        self.reason = reason
    }
}
