#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// GitLab Runner's wait for services: before the script, each service gets up to the timeout to
/// accept a TCP connection on one of its ports — `HEALTHCHECK_TCP_PORT` from its variables when
/// set, else the TCP ports its image exposes (none: no wait). GitLab dials from a helper
/// container on the job's network; Gantry has no helper image and dials the service's address on
/// that network from this host, which reaches it with a rootful engine on this machine.
struct ServiceWait {
    let client: DockerClient
    let network: String
    let timeout: TimeInterval

    struct Target {
        var name: String
        var container: String
        var variables: [String: String]
    }

    /// Why a service was not ready in time, worded for the job log; nil when it is ready, has
    /// nothing to wait for, or has stopped (which the session reports on its own).
    func wait(for target: Target) -> String? {
        guard let state = try? client.inspectContainer(target.container) else { return nil }
        let ports: [Int]
        if let given = target.variables["HEALTHCHECK_TCP_PORT"], !given.isEmpty {
            guard let port = Int(given), (1...65535).contains(port) else {
                return "HEALTHCHECK_TCP_PORT '\(given)' is not a port number"
            }
            ports = [port]
        } else {
            ports = state.exposedTCPPorts
        }
        guard !ports.isEmpty else { return nil }
        guard let address = state.addresses[network] else {
            return "service \"\(state.name)\" has no address on the job's network \(network)"
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if ports.contains(where: { ServiceWait.connects(to: address, port: $0, within: 1) }) { return nil }
            // A service that stopped is reported as such, with its exit code, not as slow.
            if (try? client.inspectContainer(target.container))?.running == false { return nil }
            if Date() >= deadline { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        let list = ports.map(String.init).joined(separator: " ")
        return "service \"\(state.name)\" timeout: no TCP connection to \(address) on [\(list)] within \(Int(timeout)) seconds"
    }

    /// Whether a TCP connection to `host:port` opens within `seconds`.
    static func connects(to host: String, port: Int, within seconds: Double) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICHOST
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let info = found else { return false }
        defer { freeaddrinfo(found) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
                        info.pointee.ai_protocol)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return true }
        guard errno == EINPROGRESS else { return false }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&poller, 1, Int32(seconds * 1000)) == 1 else { return false }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0
    }
}
