import Foundation

/// Where a Docker Engine API answers: a Unix socket (Docker's, or Podman's `podman system
/// service`) or a TCP address for a remote engine.
public enum DockerEndpoint: Sendable, Equatable, CustomStringConvertible {
    case unixSocket(String)
    /// `host:port`, spoken to over plain HTTP (no TLS yet).
    case tcp(String)

    /// Sockets tried, in order, when `DOCKER_HOST` is not set: Docker's own, then Podman's (the
    /// user's rootless one, then the system's).
    public static func candidateSockets(environment: [String: String]) -> [String] {
        var sockets = ["/var/run/docker.sock"]
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty { sockets.append(runtime + "/podman/podman.sock") }
        sockets.append("/run/podman/podman.sock")
        return sockets
    }

    /// The engine `DOCKER_HOST` names, else the first candidate socket that exists, else Docker's
    /// default socket (whose absence the first request reports).
    public static func discover(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DockerEndpoint {
        if let host = environment["DOCKER_HOST"], !host.isEmpty {
            let endpoint = try parse(host)
            try refuseTLS(endpoint, environment: environment)
            return endpoint
        }
        let sockets = candidateSockets(environment: environment)
        for socket in sockets where FileManager.default.fileExists(atPath: socket) { return .unixSocket(socket) }
        return .unixSocket(sockets[0])
    }

    /// Docker's TLS settings (`DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`) ask for a TLS connection to
    /// a `tcp://` engine, which Gantry does not speak yet: refused by name rather than sent in
    /// plain HTTP to a port that expects TLS.
    public static func refuseTLS(_ endpoint: DockerEndpoint, environment: [String: String]) throws {
        guard case .tcp = endpoint else { return }
        for name in ["DOCKER_TLS_VERIFY", "DOCKER_TLS", "DOCKER_CERT_PATH"] {
            if let value = environment[name], !value.isEmpty, value != "0" { throw DockerError.tlsUnsupported(endpoint: endpoint.description, setting: name) }
        }
    }

    /// `unix:///path`, `tcp://host:port` (or `http://`), as `DOCKER_HOST` spells them.
    public static func parse(_ text: String) throws -> DockerEndpoint {
        if text.hasPrefix("unix://") { return .unixSocket(String(text.dropFirst("unix://".count))) }
        if text.hasPrefix("https://") { throw DockerError.tlsUnsupported(endpoint: text, setting: "https://") }
        for scheme in ["tcp://", "http://"] where text.hasPrefix(scheme) {
            let address = text.dropFirst(scheme.count).split(separator: "/").first.map(String.init) ?? ""
            guard !address.isEmpty else { break }
            return .tcp(address)
        }
        if text.hasPrefix("/") { return .unixSocket(text) }
        throw DockerError.badHost(text)
    }

    /// The base URL requests are made against; a Unix socket needs a host name only for the header.
    var baseURL: String {
        switch self {
        case .unixSocket: return "http://localhost"
        case .tcp(let address): return "http://\(address)"
        }
    }

    var socketPath: String? {
        if case .unixSocket(let path) = self { return path }
        return nil
    }

    public var description: String {
        switch self {
        case .unixSocket(let path): return "unix://\(path)"
        case .tcp(let address): return "tcp://\(address)"
        }
    }
}
