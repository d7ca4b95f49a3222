/// `POST /api/v4/runners/verify`: does the server know this runner token?
public struct RunnerVerification: Codable, Sendable {
    public var token: String
    public init(token: String) { self.token = token }
}
