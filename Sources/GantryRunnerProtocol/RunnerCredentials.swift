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
