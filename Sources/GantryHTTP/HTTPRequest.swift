import Foundation

/// One HTTP request as handed to a handler, after the whole body has arrived.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The path exactly as sent, without the query and NOT percent-decoded: GitLab ids such as
    /// `group%2Fproject` must keep their `%2F` until the router has split the path into segments.
    public var path: String
    /// The query string as sent (without `?`), e.g. for git http-backend's QUERY_STRING.
    public var rawQuery: String
    /// Decoded query parameters in order (`+` is a space).
    public var query: [(String, String)]
    /// Request headers in the order received; look them up with `header(_:)`.
    public var headers: [(String, String)]
    public var body: HTTPBody
    public var remoteAddress: String
    /// Route parameters filled in by `Router`, percent-decoded per segment.
    public var params: [String: String]

    public init(method: String, path: String, rawQuery: String = "", headers: [(String, String)] = [],
                body: HTTPBody = .empty, remoteAddress: String = "127.0.0.1", params: [String: String] = [:]) {
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        self.query = PercentEncoding.parseQuery(rawQuery)
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.params = params
    }

    /// A request from a request target such as `/api/v4/jobs?page=2` (split at the first `?`).
    public init(method: String, target: String, headers: [(String, String)] = [], body: HTTPBody = .empty,
                remoteAddress: String = "127.0.0.1") {
        if let mark = target.firstIndex(of: "?") {
            self.init(method: method, path: String(target[..<mark]), rawQuery: String(target[target.index(after: mark)...]),
                      headers: headers, body: body, remoteAddress: remoteAddress)
        } else {
            self.init(method: method, path: target, headers: headers, body: body, remoteAddress: remoteAddress)
        }
    }

    /// The first query parameter with this name.
    public func query(_ name: String) -> String? {
        query.first { $0.0 == name }?.1
    }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    /// The body in memory (reads a spilled body from its file).
    public func bodyData() throws -> Data {
        try body.data()
    }

    /// Credentials from `Authorization: Basic ...` (git and pip/twine send these).
    public var basicAuth: (user: String, password: String)? {
        guard let value = header("Authorization") else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].caseInsensitiveCompare("Basic") == .orderedSame,
              let decoded = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
              let text = String(data: decoded, encoding: .utf8),
              let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
