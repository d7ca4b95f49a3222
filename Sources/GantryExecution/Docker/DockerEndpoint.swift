import Foundation
import GantryHTTP

/// Where a Docker Engine API answers: a Unix socket (Docker's, or Podman's `podman system
/// service`) or a TCP address for a remote engine, plain or with TLS.
public enum DockerEndpoint: Sendable, Equatable, CustomStringConvertible {
    case unixSocket(String)
    /// `host:port`, spoken to over plain HTTP.
    case tcp(String)
    /// `host:port` over TLS: the engine's certificate verified against the CA, the client's
    /// certificate presented (Docker's `--tlsverify`, `DOCKER_TLS_VERIFY=1`).
    case tls(String, TLSFiles)

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
            return try withTLS(parse(host), environment: environment)
        }
        let sockets = candidateSockets(environment: environment)
        for socket in sockets where FileManager.default.fileExists(atPath: socket) { return .unixSocket(socket) }
        return .unixSocket(sockets[0])
    }

    /// A `tcp://` endpoint with Docker's TLS settings applied as the docker CLI applies them:
    /// `DOCKER_TLS_VERIFY` (any value but empty or `0`) means TLS with `ca.pem`, `cert.pem` and
    /// `key.pem` from `DOCKER_CERT_PATH` (default `~/.docker`), each of which must exist.
    /// `DOCKER_TLS` alone (TLS without verifying the engine) is refused: Gantry always verifies.
    public static func withTLS(_ endpoint: DockerEndpoint, environment: [String: String]) throws -> DockerEndpoint {
        guard case .tcp(let address) = endpoint else { return endpoint }
        func set(_ name: String) -> Bool { environment[name].map { !$0.isEmpty && $0 != "0" } ?? false }
        guard set("DOCKER_TLS_VERIFY") else {
            if set("DOCKER_TLS") {
                throw DockerError.tls("DOCKER_TLS asks for TLS to the engine at \(endpoint) without verifying its certificate, which "
                                      + "Gantry does not do: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem)")
            }
            return endpoint
        }
        let folder = environment["DOCKER_CERT_PATH"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.docker"
        let files = TLSFiles(caFile: folder + "/ca.pem", certFile: folder + "/cert.pem", keyFile: folder + "/key.pem")
        for file in [files.caFile, files.certFile, files.keyFile] where !FileManager.default.isReadableFile(atPath: file) {
            throw DockerError.tls("DOCKER_TLS_VERIFY asks for TLS to the engine at tcp://\(address), but \(file) is missing or "
                                  + "unreadable: DOCKER_CERT_PATH must hold ca.pem, cert.pem and key.pem")
        }
        return .tls(address, files)
    }

    /// `unix:///path`, `tcp://host:port` (or `http://`), as `DOCKER_HOST` spells them.
    public static func parse(_ text: String) throws -> DockerEndpoint {
        if text.hasPrefix("unix://") { return .unixSocket(String(text.dropFirst("unix://".count))) }
        if text.hasPrefix("https://") {
            throw DockerError.tls("\(text): name the engine as tcp://host:port with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH for TLS")
        }
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
        case .tls(let address, _): return "https://\(address)"
        }
    }

    var tlsFiles: TLSFiles? {
        if case .tls(_, let files) = self { return files }
        return nil
    }

    public var socketPath: String? {
        if case .unixSocket(let path) = self { return path }
        return nil
    }

    public var description: String {
        switch self {
        case .unixSocket(let path): return "unix://\(path)"
        case .tcp(let address), .tls(let address, _): return "tcp://\(address)"
        }
    }
}
