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

/// `POST /api/v4/runners/verify`: does the server know this runner token?
public struct RunnerVerification: Codable, Sendable {
    public var token: String
    public init(token: String) { self.token = token }
}

/// The server's answer to a registration (201) or a verification (200): the runner's id and token.
public struct RunnerCredentials: Codable, Sendable, Equatable {
    public var id: Int
    public var token: String
    /// Gantry's runner tokens do not expire: always null, as GitLab writes it.
    public var tokenExpiresAt: String?

    public init(id: Int, token: String, tokenExpiresAt: String? = nil) {
        self.id = id
        self.token = token
        self.tokenExpiresAt = tokenExpiresAt
    }

    enum CodingKeys: String, CodingKey {
        case id, token
        case tokenExpiresAt = "token_expires_at"
    }

    /// Written out even when nil: GitLab's clients read `token_expires_at: null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(token, forKey: .token)
        try c.encode(tokenExpiresAt, forKey: .tokenExpiresAt)
    }
}
