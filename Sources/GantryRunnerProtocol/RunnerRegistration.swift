/// `POST /api/v4/runners`: a registration token buys a runner its own token.
public struct RunnerRegistration: Codable, Sendable {
    /// The instance's registration token.
    public var token: String
    public var description: String
    /// Tags, comma-separated (GitLab's `tag_list`).
    public var tagList: String
    public var runUntagged: Bool
    public var info: VersionInfo

    public init(token: String, description: String, tags: [String], runUntagged: Bool, info: VersionInfo = .gantry) {
        self.token = token
        self.description = description
        self.tagList = tags.joined(separator: ",")
        self.runUntagged = runUntagged
        self.info = info
    }

    enum CodingKeys: String, CodingKey {
        case token, description, info
        case tagList = "tag_list"
        case runUntagged = "run_untagged"
    }
}
