import CMicroHTTPD
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

public enum HTTPServerError: Error, CustomStringConvertible, Sendable {
    case invalidHost(String)
    case cannotListen(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .invalidHost(let host):
            return "cannot listen on '\(host)': not an IPv4 or IPv6 address"
        case .cannotListen(let host, let port, let reason):
            return "cannot listen on \(host):\(port): \(reason)"
        }
    }
}

/// The HTTP server on libmicrohttpd. Every connection gets its own thread because handlers block
/// (runner long polls, git http-backend subprocesses); the handler runs once per request, on that
/// thread, after the whole body has arrived.
public final class HTTPServer: Sendable {
    public let host: String
    /// The port actually bound (the picked one when 0 was asked for).
    public let port: Int

    private let daemon: Mutex<OpaquePointer?>
    /// Reached from the C callbacks through an unretained pointer; lives as long as the server.
    private let context: ServerContext

    /// Bodies above this size go to a temporary file instead of memory.
    public static let bodyMemoryLimit = 1 << 20

    /// `admission` sees each request's head before its body is read (see `Admission`); without
    /// one every request is read whole.
    public init(host: String = "127.0.0.1", port: Int, temporaryDirectory: URL? = nil, limits: ConnectionLimits = ConnectionLimits(),
                admission: AdmissionCheck? = nil, handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws {
        let context = ServerContext(handler: handler, admission: admission, spillThreshold: HTTPServer.bodyMemoryLimit,
                                    temporaryDirectory: temporaryDirectory ?? FileManager.default.temporaryDirectory)
        guard let address = SocketAddress(host: host, port: port) else { throw HTTPServerError.invalidHost(host) }
        let cls = Unmanaged.passUnretained(context).toOpaque()
        errno = 0
        let started: OpaquePointer? = address.withSockaddr { sockaddr in
            gantry_mhd_start(address.isIPv6 ? 1 : 0, sockaddr,
                             accessHandler, cls, uriLogged, cls, requestCompleted, cls,
                             UInt32(clamping: limits.total), UInt32(clamping: limits.perClient),
                             UInt32(clamping: limits.idleTimeout),
                             64 * 1024) // per-connection memory for the request line and headers
        }
        guard let started else {
            let reason = errno != 0 ? String(cString: strerror(errno))
                : gantry_mhd_load_error().map { String(cString: $0) } ?? "libmicrohttpd could not start"
            throw HTTPServerError.cannotListen(host: host, port: port, reason: reason)
        }
        self.host = host
        self.port = Int(gantry_mhd_bound_port(started))
        self.context = context
        self.daemon = Mutex(started)
    }

    deinit {
        stop()
    }

    /// Requests whose state is still held (tests use this to prove nothing leaks).
    var liveRequestCount: Int { context.liveRequests.load(ordering: .relaxed) }

    /// Closes the listening socket and all connections. Waits for running handlers to return.
    public func stop() {
        let running = daemon.withLock { daemon -> OpaquePointer? in
            let running = daemon
            daemon = nil
            return running
        }
        if let running { MHD_stop_daemon(running) }
    }
}

/// What the C callbacks need from the server.
final class ServerContext: Sendable {
    let handler: @Sendable (HTTPRequest) -> HTTPResponse
    let admission: AdmissionCheck?
    let spillThreshold: Int
    let temporaryDirectory: URL
    /// PendingRequest objects alive: 0 once the daemon has stopped, unless one leaked.
    let liveRequests = Atomic<Int>(0)

    init(handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse, admission: AdmissionCheck?, spillThreshold: Int,
         temporaryDirectory: URL) {
        self.handler = handler
        self.admission = admission
        self.spillThreshold = spillThreshold
        self.temporaryDirectory = temporaryDirectory
    }
}

/// A sockaddr_in / sockaddr_in6 for MHD_OPTION_SOCK_ADDR, so that only the given address is bound.
private struct SocketAddress {
    var v4 = sockaddr_in()
    var v6 = sockaddr_in6()
    let isIPv6: Bool

    init?(host: String, port: Int) {
        guard (0...65535).contains(port) else { return nil }
        let name = host == "localhost" ? "127.0.0.1" : host
        if inet_pton(AF_INET, name, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(port).bigEndian)
            isIPv6 = false
        } else if inet_pton(AF_INET6, name.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(UInt16(port).bigEndian)
            isIPv6 = true
        } else {
            return nil
        }
    }

    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>) -> T) -> T {
        if isIPv6 {
            var address = v6
            return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body) }
        }
        var address = v4
        return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body) }
    }
}
