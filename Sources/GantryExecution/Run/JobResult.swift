import Foundation
import GantryEngine
import GantryPipeline

/// What one attempt of a job produced.
public struct JobResult: Sendable {
    public var name: String
    public var status: JobStatus
    public var exitCode: Int32?
    public var failureReason: FailureReason?
    public var duration: Double
    public var coverage: Double?
    public var tests: JUnitReport?
    /// `reports:dotenv` variables, for the jobs that receive this job's artifacts.
    public var dotenv: [(String, String)]
    /// The zip of this job's artifacts, when it made one.
    public var artifacts: String?
    public var logPath: String
    /// Copies of the report files (`junit`, `dotenv`) by report type, kept after the workspace goes.
    public var reportFiles: [(type: String, file: URL)] = []
    /// Lines for the summary (warnings from artifact and cache steps, report errors).
    public var notes: [String]
    /// The job's id (`CI_JOB_ID`), as the log names it.
    public var id: Int = 0
    /// Seconds spent in each section of the log (`get_sources`, `step_script`, ...).
    public var sections: [(name: String, seconds: Double)] = []
    /// When `gantry run` handed the job to a slot and got it back, in seconds since the
    /// pipeline started, and which slot: where a schedule left slots idle shows here.
    public var timeline: (slot: Int, started: Double, finished: Double)?
}
