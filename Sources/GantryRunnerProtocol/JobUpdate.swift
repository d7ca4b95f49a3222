/// `PUT /api/v4/jobs/:id`: a runner reports on a job it runs: `running` as a heartbeat, then
/// `success` or `failed` with a failure reason and the exit code.
public struct JobUpdate: Codable, Sendable, Equatable {
    /// The job's token.
    public var token: String
    public var state: JobState
    /// A failure reason in GitLab's spelling (`script_failure`, `runner_system_failure`, ...).
    public var failureReason: String?
    public var exitCode: Int?

    public init(token: String, state: JobState, failureReason: String? = nil, exitCode: Int? = nil) {
        self.token = token
        self.state = state
        self.failureReason = failureReason
        self.exitCode = exitCode
    }

    enum CodingKeys: String, CodingKey {
        case token, state
        case failureReason = "failure_reason"
        case exitCode = "exit_code"
    }

    /// The header of the server's answer (to updates and trace patches) that carries the job's
    /// status as the server sees it.
    public static let statusHeader = "Job-Status"

    /// Whether the status in `statusHeader` tells the runner to stop the job.
    public static func stopsJob(status: String?) -> Bool {
        status == "canceled" || status == "canceling"
    }
}
