import Foundation
import GantryHTTP

/// The calls of the Docker Engine API (v1.41) an executor makes, over a Unix socket or TCP with
/// libcurl. Podman's `podman system service` answers the same API, so both engines work unchanged.
public final class DockerClient: Sendable {
    public let endpoint: DockerEndpoint
    private let http = HTTPClient(userAgent: "gantry")
    static let apiVersion = "v1.41"
    /// `GANTRY_DOCKER_TRACE=1`: each API call with its duration on standard error (bench/docker_bench.sh).
    static let trace = !(ProcessInfo.processInfo.environment["GANTRY_DOCKER_TRACE"] ?? "").isEmpty

    public init(endpoint: DockerEndpoint) {
        self.endpoint = endpoint
    }

    /// The engine `DOCKER_HOST` or the usual sockets point at (see `DockerEndpoint.discover`).
    public convenience init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.init(endpoint: try DockerEndpoint.discover(environment: environment))
    }

    // MARK: Engine

    /// Throws `DockerError.unreachable` naming the endpoint when no engine answers.
    public func ping() throws {
        _ = try call("GET", "/_ping", expect: [200], timeout: 10)
    }

    public struct Version: Decodable, Sendable {
        public var Version: String
        public var ApiVersion: String
        public var Os: String?
        public var Components: [Component]?
        public struct Component: Decodable, Sendable {
            public var Name: String
        }

        /// "Podman Engine 4.3.1" or "Docker Engine 24.0.7", for logs.
        public var engineName: String {
            let podman = Components?.contains { $0.Name.contains("Podman") } ?? false
            return "\(podman ? "Podman Engine" : "Docker Engine") \(Version)"
        }
    }

    /// The engine's name and version for logs ("Podman Engine 4.3.1", "Docker Engine 24.0.7"),
    /// from the `Server` header of `/_ping`: Podman answers `/version` in most of a second (it
    /// gathers host details), `/_ping` at once.
    public func engineName() throws -> String {
        let response = try call("GET", "/_ping", expect: [200], timeout: 10)
        let server = response.headers.first { $0.0.lowercased() == "server" }?.1 ?? ""
        let product = server.split(separator: " ").first.map(String.init) ?? ""
        let parts = product.split(separator: "/", maxSplits: 1).map(String.init)
        switch parts.first?.lowercased() {
        case "libpod": return "Podman Engine \(parts.count > 1 ? parts[1] : "")"
        case "docker": return "Docker Engine \(parts.count > 1 ? parts[1] : "")"
        default: return server.isEmpty ? "Docker Engine API" : server
        }
    }

    public func version() throws -> Version {
        try decode(Version.self, call("GET", "/version", expect: [200], timeout: 10), call: "version")
    }

    // MARK: Images

    public struct ImageInfo: Decodable, Sendable {
        public var Id: String
        public var Os: String?
        public var Architecture: String?
        public var Variant: String?
        public var Config: ImageConfig?
        public struct ImageConfig: Decodable, Sendable {
            public var Entrypoint: [String]?
            public var Labels: [String: String]?
        }
    }

    /// Whether `platform` (`os[/arch[/variant]]`, Docker's `--platform`) describes an image of
    /// `info`'s OS and architecture; `amd64` matches `linux/amd64`.
    public static func image(_ info: ImageInfo, matches platform: String) -> Bool {
        var parts = platform.lowercased().split(separator: "/").map(String.init)
        if parts.count == 1, parts[0] != "linux" { parts.insert("linux", at: 0) }
        guard parts.count >= 1, parts[0] == (info.Os ?? "linux").lowercased() else { return false }
        if parts.count >= 2, parts[1] != (info.Architecture ?? "").lowercased() { return false }
        if parts.count >= 3, let variant = info.Variant, parts[2] != variant.lowercased() { return false }
        return true
    }

    /// Docker's reference grammar, loosely: `[host[:port]/]path[:tag][@digest]` with path components
    /// of lowercase letters and digits joined by `.`, `_`, `__` or dashes; no `..`, `?`, `#` or `%`.
    public static func isImageReference(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 4096 else { return false }
        var rest = Substring(name)
        if let at = rest.firstIndex(of: "@") {
            let digest = rest[rest.index(after: at)...]
            guard digest.contains(":"), digest.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ":" || $0 == "+" || $0 == "." || $0 == "_" || $0 == "-") })
            else { return false }
            rest = rest[..<at]
        }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard let last = components.last else { return false }
        if let colon = last.lastIndex(of: ":") {
            let tag = last[last.index(after: colon)...]
            guard !tag.isEmpty, tag.count <= 128, tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") })
            else { return false }
            components[components.count - 1] = last[..<colon]
        }
        func pathComponent(_ c: Substring) -> Bool {
            guard let f = c.first, let l = c.last, f.isASCII, l.isASCII, (f.isLowercase || f.isNumber), (l.isLowercase || l.isNumber) else { return false }
            return !c.contains("..") && c.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
        }
        func registry(_ c: Substring) -> Bool {
            !c.isEmpty && !c.contains("..") && c.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":") }
        }
        for (i, c) in components.enumerated() {
            let ok = i == 0 && components.count > 1 && (c.contains(".") || c.contains(":") || c == "localhost") ? registry(c) : pathComponent(c)
            guard ok else { return false }
        }
        return true
    }

    /// The image as the engine has it locally, or nil when it has none of that name.
    public func inspectImage(_ name: String) throws -> ImageInfo? {
        // The name comes from a pipeline and goes into the path: `x/../../containers/ID` must not reach another call.
        guard DockerClient.isImageReference(name) else { throw DockerError.invalidReference(name) }
        let response = try call("GET", "/images/\(name)/json", expect: [200, 404])
        guard response.status == 200 else { return nil }
        return try decode(ImageInfo.self, response, call: "image inspect")
    }

    /// Pulls `name` from its registry. The engine answers 200 and then reports progress and errors
    /// as JSON lines; the first `error` line is thrown with the engine's own words.
    public func pullImage(_ name: String, platform: String? = nil, timeout: TimeInterval = 3600) throws {
        guard DockerClient.isImageReference(name) else { throw DockerError.invalidReference(name) }
        let query = [("fromImage", name)] + (platform.map { [("platform", $0)] } ?? [])
        let response = try call("POST", "/images/create", query: query, expect: [200], timeout: timeout)
        for line in response.text.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let error = object["error"] as? String else { continue }
            throw DockerError.engine(call: "pull \(name)", status: 200, message: error)
        }
    }

    // MARK: Containers

    /// Creates (does not start) a container; its id. `spec.platform` (`linux/arm64`) goes in the query, as the API has it.
    public func createContainer(_ spec: DockerContainerSpec, name: String? = nil) throws -> String {
        let body = try JSONEncoder().encode(spec)
        let query = (name.map { [("name", $0)] } ?? []) + (spec.platform.map { [("platform", $0)] } ?? [])
        let response = try call("POST", "/containers/create", query: query, body: body, expect: [201])
        struct Created: Decodable { var Id: String }
        return try decode(Created.self, response, call: "container create").Id
    }

    public func startContainer(_ id: String) throws {
        _ = try call("POST", "/containers/\(id)/start", expect: [204, 304])
    }

    /// Blocks until the container stops; its exit code.
    public func waitContainer(_ id: String) throws -> Int32 {
        let response = try call("POST", "/containers/\(id)/wait", expect: [200], timeout: 0)
        struct Waited: Decodable { var StatusCode: Int }
        return Int32(truncatingIfNeeded: try decode(Waited.self, response, call: "container wait").StatusCode)
    }

    /// Streams the container's stdout and stderr (merged, in order) to `output` until it stops;
    /// with `follow: false`, what it has written so far.
    public func followLogs(_ id: String, follow: Bool = true, output: @escaping @Sendable (Data) -> Void) throws {
        let stream = LogStreamBox()
        _ = try call("GET", "/containers/\(id)/logs", query: [("follow", follow ? "1" : "0"), ("stdout", "1"), ("stderr", "1")],
                     expect: [200], timeout: 0) { piece in
            for payload in stream.feed(piece) { output(payload) }
        }
    }

    public struct ContainerState: Sendable {
        public var running: Bool
        public var exitCode: Int32
        /// The container's name, without Docker's leading `/`.
        public var name: String
        /// The TCP ports its image exposes (`EXPOSE 8080`), in order.
        public var exposedTCPPorts: [Int]
        /// Its address on each network it is attached to, by network name.
        public var addresses: [String: String]
    }

    public func inspectContainer(_ id: String) throws -> ContainerState {
        let response = try call("GET", "/containers/\(id)/json", expect: [200])
        struct Empty: Decodable {}
        struct Inspected: Decodable {
            var Name: String?
            var State: Inner
            var Config: Configured?
            var NetworkSettings: Settings?
            struct Inner: Decodable { var Running: Bool; var ExitCode: Int }
            struct Configured: Decodable { var ExposedPorts: [String: Empty]? }
            struct Settings: Decodable { var Networks: [String: Endpoint]? }
            struct Endpoint: Decodable { var IPAddress: String? }
        }
        let inspected = try decode(Inspected.self, response, call: "container inspect")
        let ports = (inspected.Config?.ExposedPorts ?? [:]).keys.compactMap { key -> Int? in
            let parts = key.split(separator: "/")
            return parts.count == 1 || parts.last == "tcp" ? Int(parts[0]) : nil
        }.sorted()
        var addresses: [String: String] = [:]
        for (network, endpoint) in inspected.NetworkSettings?.Networks ?? [:] {
            if let ip = endpoint.IPAddress, !ip.isEmpty { addresses[network] = ip }
        }
        return ContainerState(running: inspected.State.Running, exitCode: Int32(truncatingIfNeeded: inspected.State.ExitCode),
                              name: String((inspected.Name ?? id).drop { $0 == "/" }), exposedTCPPorts: ports, addresses: addresses)
    }

    public func killContainer(_ id: String, signal: String = "KILL") throws {
        // 409: it is not running (any more), which is what killing wanted.
        _ = try call("POST", "/containers/\(id)/kill", query: [("signal", signal)], expect: [204, 404, 409])
    }

    /// Removes the container, running or not, with its anonymous volumes; a missing one is fine.
    public func removeContainer(_ id: String) throws {
        _ = try call("DELETE", "/containers/\(id)", query: [("force", "1"), ("v", "1")], expect: [204, 404])
    }

    public struct ContainerSummary: Decodable, Sendable {
        public var Id: String
        public var Labels: [String: String]?
        public var State: String?
    }

    /// Every container (running or not) carrying `label` (`key` or `key=value`).
    public func containers(label: String) throws -> [ContainerSummary] {
        let response = try call("GET", "/containers/json", query: [("all", "1"), ("filters", try labelFilter(label))], expect: [200])
        return try decode([ContainerSummary].self, response, call: "container list")
    }

    // MARK: Networks

    /// Creates a bridge network; its id.
    public func createNetwork(_ name: String, labels: [String: String] = [:]) throws -> String {
        struct Spec: Encodable { var Name: String; var Driver = "bridge"; var Labels: [String: String]; var CheckDuplicate = true }
        let response = try call("POST", "/networks/create", body: try JSONEncoder().encode(Spec(Name: name, Labels: labels)), expect: [201])
        struct Created: Decodable { var Id: String }
        return try decode(Created.self, response, call: "network create").Id
    }

    public func removeNetwork(_ id: String) throws {
        _ = try call("DELETE", "/networks/\(id)", expect: [204, 404])
    }

    public struct NetworkSummary: Decodable, Sendable {
        public var Id: String
        public var Labels: [String: String]?
    }

    /// The networks carrying `label`.
    public func networks(label: String) throws -> [NetworkSummary] {
        let response = try call("GET", "/networks", query: [("filters", try labelFilter(label))], expect: [200])
        return try decode([NetworkSummary].self, response, call: "network list")
    }

    // MARK: Transport

    private func labelFilter(_ label: String) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: ["label": [label]]), as: UTF8.self)
    }

    /// One API call; an error status not in `expect` becomes `DockerError.engine` with the
    /// engine's `message`, a transport failure `DockerError.unreachable` naming the endpoint.
    private func call(_ method: String, _ path: String, query: [(String, String)] = [], body: Data? = nil, expect: Set<Int>,
                      timeout: TimeInterval = 120, receive: (@Sendable (Data) -> Void)? = nil) throws -> HTTPClientResponse {
        var url = endpoint.baseURL + "/" + DockerClient.apiVersion + path
        if !query.isEmpty {
            url += "?" + query.map { "\($0.0)=\(PercentEncoding.encodeQueryComponent($0.1))" }.joined(separator: "&")
        }
        var request = HTTPClientRequest(method: method, url: url, headers: body == nil ? [] : [("Content-Type", "application/json")],
                                        body: body.map { .data($0) } ?? .none, timeout: timeout,
                                        unixSocket: endpoint.socketPath, receive: receive)
        request.tls = endpoint.tlsFiles
        let response: HTTPClientResponse
        let started = DockerClient.trace ? Date() : nil
        defer {
            if let started {
                let line = String(format: "docker-api at %07.3f %@ %@ %.3fs\n", started.timeIntervalSince1970.truncatingRemainder(dividingBy: 1000), method, path,
                                  Date().timeIntervalSince(started))
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
        do {
            response = try http.send(request)
        } catch let error as HTTPClientError {
            if error.isConnectionFailure { throw DockerError.unreachable(endpoint: endpoint.description, detail: error.message) }
            // libcurl's TLS failures (handshake, a certificate refused either way — with TLS 1.3 the
            // engine refuses a client certificate only after the handshake, as a failed send — a bad local file).
            if endpoint.tlsFiles != nil, [35, 53, 54, 55, 56, 58, 59, 60, 66, 77, 83, 90, 91, 98].contains(error.code) {
                throw DockerError.tls("TLS with the engine at \(endpoint) failed (a certificate refused by either side ends this way): "
                                      + error.message)
            }
            throw DockerError.unexpectedAnswer(call: "\(method) \(path)", detail: error.message)
        }
        guard expect.contains(response.status) else {
            let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
            let message = (object?["message"] as? String) ?? response.text.trimmingCharacters(in: .whitespacesAndNewlines)
            throw DockerError.engine(call: "\(method) \(path)", status: response.status, message: message)
        }
        return response
    }

    private func decode<T: Decodable>(_ type: T.Type, _ response: HTTPClientResponse, call: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: response.body)
        } catch {
            throw DockerError.unexpectedAnswer(call: call, detail: "\(error)")
        }
    }
}

/// The demultiplexer of one log stream, fed from curl's callback thread.
private final class LogStreamBox: @unchecked Sendable {  // one transfer feeds it, on one thread
    private var stream = DockerLogStream()
    func feed(_ piece: Data) -> [Data] { stream.feed(piece) }
}
