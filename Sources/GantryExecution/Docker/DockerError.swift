/// What went wrong talking to a container engine, worded for a job log.
public enum DockerError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No engine answered at the endpoint (the socket is missing, refused, or the host is down).
    case unreachable(endpoint: String, detail: String)
    /// The engine answered a call with an error status; `message` is the engine's own.
    case engine(call: String, status: Int, message: String)
    /// The engine's answer was not what the API documents.
    case unexpectedAnswer(call: String, detail: String)
    case badHost(String)
    /// TLS settings that cannot be used as given (a missing certificate, TLS without verification).
    case tls(String)
    /// An image name that is not a Docker reference (it would otherwise be spliced into a call's path).
    case invalidReference(String)

    public var description: String {
        switch self {
        case .unreachable(let endpoint, let detail):
            return "Cannot connect to the Docker daemon at \(endpoint). Is the docker daemon running? (\(detail))"
        case .engine(let call, let status, let message):
            return "\(call): \(message) (HTTP \(status))"
        case .unexpectedAnswer(let call, let detail):
            return "\(call): unexpected answer from the engine: \(detail)"
        case .tls(let message):
            return message
        case .badHost(let text):
            return "DOCKER_HOST '\(text)' is neither unix:///path nor tcp://host:port"
        case .invalidReference(let name):
            return "invalid reference format: \"\(name)\""
        }
    }
}
