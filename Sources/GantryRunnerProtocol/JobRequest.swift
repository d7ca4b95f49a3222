/// `POST /api/v4/jobs/request`: a runner asks for a job. The server holds the request open until
/// one is pending (a long poll) and answers 201 with a `JobPayload`, or 204 when none came.
public struct JobRequest: Codable, Sendable {
    /// The runner's token.
    public var token: String
    public var info: VersionInfo

    public init(token: String, info: VersionInfo = .gantry) {
        self.token = token
        self.info = info
    }
}
