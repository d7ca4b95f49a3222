/// `PUT /api/v4/jobs/:id`: a runner reports on a job it runs: `running` as a heartbeat, then
/// `success` or `failed` with a failure reason and the exit code.
public struct JobUpdate: Codable, Sendable, Equatable {
    /// The job's token.
    public var token: String
    public var state: JobState
    /// A failure reason in GitLab's spelling (`script_failure`, `runner_system_failure`, ...).
    public var failureReason: String?
    public var exitCode: Int?
    /// With the final state: the size of the log the runner wrote, which it has sent whole before
    /// this update (GitLab's `output.bytesize`); the server says so in the log when it has less.
    public var output: Output?

    public struct Output: Codable, Sendable, Equatable {
        public var bytesize: Int
        public init(bytesize: Int) { self.bytesize = bytesize }
    }

    public init(token: String, state: JobState, failureReason: String? = nil, exitCode: Int? = nil, output: Output? = nil) {
        self.token = token
        self.state = state
        self.failureReason = failureReason
        self.exitCode = exitCode
        self.output = output
    }

    enum CodingKeys: String, CodingKey {
        case token, state, output
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
