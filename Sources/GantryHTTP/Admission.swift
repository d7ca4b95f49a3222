/// What a server decides about a request as soon as its headers are in, before one byte of its
/// body is read: refuse it at once (a wrong or missing credential, a bad parameter), or read a
/// body of at most `bodyLimit` bytes. An anonymous upload declaring 4 GB is then a 401 that
/// costs nothing, and an upload larger than its route allows is a 413 before it reaches the disk.
public struct Admission: Sendable {
    /// The answer to send without reading the body; nil to read it and run the handler.
    public var refusal: HTTPResponse?
    /// The largest body taken; a larger one (declared or sent) is answered `tooLarge` at once.
    public var bodyLimit: Int

    public static func accept(bodyLimit: Int = .max) -> Admission { Admission(refusal: nil, bodyLimit: bodyLimit) }
    public static func refuse(_ response: HTTPResponse) -> Admission { Admission(refusal: response, bodyLimit: 0) }

    /// GitLab's answer to an upload above its limit (`file_too_large!` in GitLab's API helpers).
    public static let tooLarge = HTTPResponse.message(status: 413, "413 Request Entity Too Large")
}

/// Decides on a request from its method, target, headers and client address; its body is `.empty`.
public typealias AdmissionCheck = @Sendable (HTTPRequest) -> Admission

/// Connection limits of an `HTTPServer`.
public struct ConnectionLimits: Sendable {
    /// Connections open at once, all clients together.
    public var total: Int = 1000
    /// Connections open at once from one client address, so one client cannot take every slot.
    public var perClient: Int = 64
    /// Seconds a connection may stay silent (no request, no body bytes) before it is closed.
    /// A handler that takes long (a long poll, git) does not count as silence.
    public var idleTimeout: Int = 30

    public init(total: Int = 1000, perClient: Int = 64, idleTimeout: Int = 30) {
        self.total = total
        self.perClient = perClient
        self.idleTimeout = idleTimeout
    }
}
