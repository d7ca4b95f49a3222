/// An error that knows which HTTP response it should become; `Router` answers with it instead of a 500.
public protocol HTTPResponseConvertible: Error {
    var httpResponse: HTTPResponse { get }
}

/// A handler's way to stop with a status, e.g. `throw HTTPError(status: 403, "403 Forbidden")`.
/// The response is GitLab's `{"message": ...}` JSON.
public struct HTTPError: HTTPResponseConvertible, CustomStringConvertible, Sendable {
    public let status: Int
    public let message: String

    public init(status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    public var httpResponse: HTTPResponse { .message(status: status, message) }
    public var description: String { "HTTP \(status): \(message)" }
}
