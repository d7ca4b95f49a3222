/// Routes requests by method and path pattern. Patterns are split into segments once:
/// a literal segment, `:name` (one raw segment, percent-decoded into `params["name"]`), or a
/// trailing `*name` (the rest of the path, zero or more segments, decoded per segment and joined
/// with `/`). Routes live in a tree keyed by segment, so a lookup walks the path once; a literal
/// beats `:name`, which beats `*name`, at each level. GitLab answers unknown routes with 404, and
/// so does a known path with another method. HEAD falls back to the GET route (the server drops the body).
public struct Router: Sendable {
    public typealias Handler = @Sendable (HTTPRequest) throws -> HTTPResponse

    private var root = Node()
    /// Told about errors that became a 500 (not about `HTTPResponseConvertible` ones), e.g. to log them.
    public var onInternalError: (@Sendable (HTTPRequest, any Error) -> Void)?

    public init() {}

    /// Adds a route; adding the same method and pattern twice is a programming error.
    public mutating func add(_ method: String, _ pattern: String, _ handler: @escaping Handler) {
        var paramNames: [String] = []
        var wildcardName: String?
        var literalsAndParams: [Segment] = []
        let pieces = Router.segments(of: pattern)
        for (index, piece) in pieces.enumerated() {
            if piece.hasPrefix("*") {
                precondition(index == pieces.count - 1, "'\(piece)' must be the last segment of route \(pattern)")
                wildcardName = String(piece.dropFirst())
            } else if piece.hasPrefix(":") {
                paramNames.append(String(piece.dropFirst()))
                literalsAndParams.append(.parameter)
            } else {
                literalsAndParams.append(.literal(String(piece)))
            }
        }
        let endpoint = Endpoint(pattern: pattern, paramNames: paramNames, wildcardName: wildcardName, handler: handler)
        root.insert(endpoint, method: method.uppercased(), at: literalsAndParams[...], wildcard: wildcardName != nil)
    }

    /// Answers the request with its route's handler: 404 JSON when nothing matches, the error's own
    /// response for `HTTPResponseConvertible` errors, 500 JSON for any other error.
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard let (handler, params) = match(method: request.method, path: request.path) else { return .notFound }
        var routed = request
        routed.params = params
        do {
            return try handler(routed)
        } catch let error as any HTTPResponseConvertible {
            return error.httpResponse
        } catch {
            onInternalError?(routed, error)
            return .message(status: 500, "500 Internal Server Error")
        }
    }

    /// The handler and decoded parameters for a raw (not percent-decoded) path, if a route matches.
    public func match(method: String, path: String) -> (handler: Handler, params: [String: String])? {
        let segments = Router.segments(of: path)
        let method = method.uppercased()
        var captures: [Substring] = []
        guard let (endpoint, restStart) = root.find(segments, from: 0, method: method, captures: &captures) else {
            return nil
        }
        var params: [String: String] = [:]
        for (name, raw) in zip(endpoint.paramNames, captures) {
            params[name] = PercentEncoding.decode(raw)
        }
        if let wildcardName = endpoint.wildcardName {
            params[wildcardName] = segments[restStart...].map { PercentEncoding.decode($0) }.joined(separator: "/")
        }
        return (endpoint.handler, params)
    }

    /// `/a/b/` → ["a", "b"]; `/` → []. Empty inner segments (`//`) are kept so that they match nothing.
    static func segments(of path: String) -> [Substring] {
        var trimmed = Substring(path)
        if trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
        if trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if trimmed.isEmpty { return [] }
        return trimmed.split(separator: "/", omittingEmptySubsequences: false)
    }
}

private enum Segment {
    case literal(String)
    case parameter
}

private struct Endpoint: Sendable {
    let pattern: String
    let paramNames: [String]
    let wildcardName: String?
    let handler: Router.Handler
}

private struct Node: Sendable {
    var literals: [Substring: Node] = [:]
    /// The child for a `:name` segment; an array of at most one, since a struct cannot hold itself.
    var parameter: [Node] = []
    /// Routes ending exactly here, by method.
    var endpoints: [String: Endpoint] = [:]
    /// Routes whose trailing `*name` starts here, by method.
    var wildcards: [String: Endpoint] = [:]

    mutating func insert(_ endpoint: Endpoint, method: String, at segments: ArraySlice<Segment>, wildcard: Bool) {
        guard let first = segments.first else {
            if wildcard {
                precondition(wildcards[method] == nil, "duplicate route \(method) \(endpoint.pattern)")
                wildcards[method] = endpoint
            } else {
                precondition(endpoints[method] == nil, "duplicate route \(method) \(endpoint.pattern)")
                endpoints[method] = endpoint
            }
            return
        }
        switch first {
        case .literal(let text):
            literals[Substring(text), default: Node()].insert(endpoint, method: method, at: segments.dropFirst(), wildcard: wildcard)
        case .parameter:
            if parameter.isEmpty { parameter.append(Node()) }
            parameter[0].insert(endpoint, method: method, at: segments.dropFirst(), wildcard: wildcard)
        }
    }

    /// Depth-first: literal child, then parameter child, then a wildcard at this level. Returns the
    /// endpoint and where the wildcard's rest begins.
    func find(_ segments: [Substring], from index: Int, method: String,
              captures: inout [Substring]) -> (Endpoint, Int)? {
        if index == segments.count {
            if let endpoint = Node.pick(endpoints, method) { return (endpoint, index) }
        } else {
            let segment = segments[index]
            if let child = literals[segment],
               let found = child.find(segments, from: index + 1, method: method, captures: &captures) {
                return found
            }
            if let child = parameter.first, !segment.isEmpty {
                captures.append(segment)
                if let found = child.find(segments, from: index + 1, method: method, captures: &captures) {
                    return found
                }
                captures.removeLast()
            }
        }
        if let endpoint = Node.pick(wildcards, method) { return (endpoint, index) }
        return nil
    }

    private static func pick(_ table: [String: Endpoint], _ method: String) -> Endpoint? {
        if let endpoint = table[method] { return endpoint }
        return method == "HEAD" ? table["GET"] : nil
    }
}
