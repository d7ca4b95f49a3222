import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a remote include may reach and how much it may cost. `gantry lint/plan/run` act for the
/// user at their own machine: any host, redirects followed. The server fetches for whoever pushes a
/// pipeline, from inside its network, so by default it refuses loopback, private, link-local and
/// other non-public addresses (GitLab's "Requests to the local network are not allowed"), checks the
/// addresses a name resolves to and connects to exactly those, and follows no redirect; an
/// administrator names the internal hosts it may fetch from (`--remote-include-host`).
public struct RemoteIncludePolicy: Sendable {
    public var allowLocalNetwork: Bool
    /// Hosts (`name` or `name:port`) allowed even when they resolve to a local address.
    public var allowedHosts: Set<String>
    public var timeout: TimeInterval
    public var maxBytes: Int
    public var followRedirects: Bool

    /// GitLab's default `max_yaml_size_bytes` is 2 MB; its HTTP client gives up after seconds.
    public static let defaultMaxBytes = 2 << 20
    public static let defaultTimeout: TimeInterval = 10

    public init(allowLocalNetwork: Bool, allowedHosts: Set<String> = [], timeout: TimeInterval = defaultTimeout,
                maxBytes: Int = defaultMaxBytes, followRedirects: Bool) {
        self.allowLocalNetwork = allowLocalNetwork
        self.allowedHosts = allowedHosts
        self.timeout = timeout
        self.maxBytes = maxBytes
        self.followRedirects = followRedirects
    }

    public static func commandLine(timeout: TimeInterval = defaultTimeout) -> RemoteIncludePolicy {
        RemoteIncludePolicy(allowLocalNetwork: true, timeout: timeout, followRedirects: true)
    }

    public static func server(allowedHosts: Set<String>, timeout: TimeInterval = defaultTimeout) -> RemoteIncludePolicy {
        RemoteIncludePolicy(allowLocalNetwork: false, allowedHosts: allowedHosts, timeout: timeout, followRedirects: false)
    }

    /// The `CURLOPT_RESOLVE` entries to pin the checked addresses, or why the URL is refused
    /// (GitLab's UrlBlocker wording).
    func admit(host: String, port: Int) -> Result<[String], Blocked> {
        if allowLocalNetwork || allowedHosts.contains(host.lowercased()) || allowedHosts.contains("\(host.lowercased()):\(port)") {
            return .success([])
        }
        let addresses = Self.addresses(of: host)
        guard !addresses.isEmpty else { return .failure(Blocked(reason: "URL is blocked: Host cannot be resolved or invalid")) }
        for address in addresses {
            if let kind = Self.localKind(address) {
                return .failure(Blocked(reason: "URL is blocked: Requests to \(kind) are not allowed"))
            }
        }
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        return .success(["\(bare):\(port):" + addresses.map { $0.contains(":") ? "[\($0)]" : $0 }.joined(separator: ",")])
    }

    struct Blocked: Error { let reason: String }

    /// Every address `getaddrinfo` gives for the host, as text.
    static func addresses(of host: String) -> [String] {
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(bare, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var found: [String] = []
        var cursor = list
        while let info = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(info.pointee.ai_addr, info.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let text = String(cString: buffer)
                if !found.contains(text) { found.append(text) }
            }
            cursor = info.pointee.ai_next
        }
        return found
    }

    /// "localhost" or "the local network" for addresses a server must not fetch from; nil for public ones.
    static func localKind(_ address: String) -> String? {
        if address.contains(":") {
            let lower = address.lowercased()
            if lower == "::1" { return "localhost" }
            if lower == "::" { return "the local network" }
            if lower.hasPrefix("::ffff:"), let v4 = lower.split(separator: ":").last, v4.contains(".") { return localKind(String(v4)) }
            if lower.hasPrefix("fe8") || lower.hasPrefix("fe9") || lower.hasPrefix("fea") || lower.hasPrefix("feb")
                || lower.hasPrefix("fc") || lower.hasPrefix("fd") { return "the local network" }
            return nil
        }
        let octets = address.split(separator: ".").compactMap { Int($0) }
        guard octets.count == 4 else { return "the local network" }
        switch (octets[0], octets[1]) {
        case (127, _): return "localhost"
        case (0, _), (10, _), (169, 254), (192, 168): return "the local network"
        case (172, 16...31), (100, 64...127): return "the local network"
        case (224...255, _): return "the local network"
        default: return nil
        }
    }
}
