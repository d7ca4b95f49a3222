import Foundation

/// A request for `HTTPClient`.
public struct HTTPClientRequest: Sendable {
    public enum Body: Sendable {
        case none
        case data(Data)
        /// Streamed from the file (artifact uploads), with Content-Length from its size.
        case file(URL)
    }

    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: Body
    /// When set, sent as `multipart/form-data` instead of `body`.
    public var multipart: [MultipartField]?
    /// For the whole transfer, in seconds; 0 means no limit.
    public var timeout: TimeInterval
    /// When set, a 2xx response body is streamed into this file (created or truncated) and the
    /// response's `body` is empty; other statuses keep their (error) body in memory.
    public var downloadTo: URL?
    public var followRedirects: Bool
    /// When set, the request goes over this Unix socket (a container engine's) instead of TCP; the
    /// URL still names the path (`http://localhost/v1.41/_ping`).
    public var unixSocket: String?
    /// When set, a 2xx response body is handed to this piece by piece as it arrives (a container's
    /// log stream) and the response's `body` is empty; other statuses keep their body in memory.
    public var receive: (@Sendable (Data) -> Void)?
    /// For an https URL: the CA that must have signed the server's certificate, and the client's
    /// certificate and key to present (a Docker engine with `--tlsverify`).
    public var tls: TLSFiles?
    /// When set, a transfer whose body grows past this many bytes stops with `HTTPClientError.tooLarge`.
    public var maxBodyBytes: Int?
    /// curl's `CURLOPT_RESOLVE` entries (`host:port:address`): the addresses a caller checked are
    /// the ones connected to, so a name cannot resolve differently between the check and the request.
    public var resolve: [String] = []

    public init(method: String = "GET", url: String, headers: [(String, String)] = [], body: Body = .none,
                multipart: [MultipartField]? = nil, timeout: TimeInterval = 60, downloadTo: URL? = nil,
                followRedirects: Bool = false, unixSocket: String? = nil, receive: (@Sendable (Data) -> Void)? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.multipart = multipart
        self.timeout = timeout
        self.downloadTo = downloadTo
        self.followRedirects = followRedirects
        self.unixSocket = unixSocket
        self.receive = receive
    }
}

/// PEM files for a TLS connection that verifies the server against its own CA and presents a
/// client certificate.
public struct TLSFiles: Sendable, Equatable {
    public var caFile: String
    public var certFile: String
    public var keyFile: String

    public init(caFile: String, certFile: String, keyFile: String) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
    }
}

/// One field of a multipart upload.
public struct MultipartField: Sendable {
    public enum Content: Sendable {
        case text(String)
        case data(Data, filename: String?)
        /// Streamed from disk; the filename defaults to the file's name.
        case file(URL, filename: String?)
    }

    public var name: String
    public var content: Content
    public var contentType: String?

    public init(name: String, content: Content, contentType: String? = nil) {
        self.name = name
        self.content = content
        self.contentType = contentType
    }

    public static func text(_ name: String, _ value: String) -> MultipartField {
        MultipartField(name: name, content: .text(value))
    }

    public static func file(_ name: String, _ url: URL, filename: String? = nil,
                            contentType: String? = "application/octet-stream") -> MultipartField {
        MultipartField(name: name, content: .file(url, filename: filename), contentType: contentType)
    }

    public static func data(_ name: String, _ data: Data, filename: String? = nil,
                            contentType: String? = "application/octet-stream") -> MultipartField {
        MultipartField(name: name, content: .data(data, filename: filename), contentType: contentType)
    }
}

public struct HTTPClientResponse: Sendable {
    public var status: Int
    /// Headers of the final response (not of `100 Continue` or of redirects), in order.
    public var headers: [(String, String)]
    public var body: Data

    public init(status: Int, headers: [(String, String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// A transfer that failed before a complete response arrived (no HTTP error statuses: those are
/// responses).
public struct HTTPClientError: Error, CustomStringConvertible, Sendable {
    public let method: String
    public let url: String
    /// libcurl's CURLcode (7 = could not connect, 28 = timeout); -1 for errors before the transfer.
    public let code: Int
    public let message: String

    public init(method: String, url: String, code: Int, message: String) {
        self.method = method
        self.url = url
        self.code = code
        self.message = message
    }

    public var isTimeout: Bool { code == 28 }
    /// The body passed the request's `maxBodyBytes`.
    public var isTooLarge: Bool { message == Self.tooLargeMessage }
    static let tooLargeMessage = "the response is larger than the limit"
    public var isConnectionFailure: Bool { code == 6 || code == 7 }
    public var description: String { "\(method) \(url) failed: \(message)" }
}
