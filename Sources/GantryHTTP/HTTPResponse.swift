import Foundation

/// What a handler answers. Content-Length is always computed by the server; a handler's own
/// Content-Length header is dropped.
public struct HTTPResponse: Sendable {
    public enum ResponseBody: Sendable {
        case data(Data)
        /// Sent straight from the file descriptor; with `deleteAfterSending` the file is unlinked as
        /// soon as it is opened (the open descriptor keeps the content readable).
        case file(URL, deleteAfterSending: Bool)
    }

    public var status: Int
    public var headers: [(String, String)]
    public var body: ResponseBody

    public init(status: Int, headers: [(String, String)] = [], body: ResponseBody = .data(Data())) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func json(status: Int = 200, _ data: Data, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: .data(data))
    }

    public static func text(status: Int = 200, _ text: String, contentType: String = "text/plain; charset=utf-8",
                            headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", contentType)] + headers, body: .data(Data(text.utf8)))
    }

    public static func empty(status: Int = 204, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: .data(Data()))
    }

    public static func file(_ url: URL, status: Int = 200, contentType: String = "application/octet-stream",
                            deleteAfterSending: Bool = false, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", contentType)] + headers,
                     body: .file(url, deleteAfterSending: deleteAfterSending))
    }

    /// GitLab's error shape: `{"message":"404 Not Found"}`.
    public static func message(status: Int, _ message: String) -> HTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: ["message": message], options: [.withoutEscapingSlashes]))
            ?? Data(#"{"message":"error"}"#.utf8)
        return json(status: status, data)
    }

    public static var notFound: HTTPResponse { message(status: 404, "404 Not Found") }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}
