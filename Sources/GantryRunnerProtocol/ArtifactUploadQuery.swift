/// `POST /api/v4/jobs/:id/artifacts?artifact_type=...&artifact_format=...&expire_in=...` with the
/// file as multipart field `file`: one archive (`archive`, zip) or one report (`junit`, `dotenv`,
/// ...; raw or gzip) per upload. `GET /api/v4/jobs/:id/artifacts` with a job token returns the
/// archive of a job the token's job depends on.
public struct ArtifactUploadQuery: Sendable, Equatable {
    /// `archive`, or a report type (`junit`, `dotenv`, `coverage_report`, ...).
    public var type: String
    /// `zip` (the archive), `gzip` or `raw` (reports).
    public var format: String
    /// GitLab's duration (`30 days`, `never`); nil keeps the server's default.
    public var expireIn: String?

    public static let archiveType = "archive"
    /// The multipart field that holds the file.
    public static let fileField = "file"

    public init(type: String, format: String, expireIn: String? = nil) {
        self.type = type
        self.format = format
        self.expireIn = expireIn
    }

    /// The query as a server reads it; a missing type is the archive, a missing format the
    /// type's usual one.
    public init(query: (String) -> String?) {
        let type = query("artifact_type") ?? Self.archiveType
        self.init(type: type, format: query("artifact_format") ?? (type == Self.archiveType ? "zip" : "raw"),
                  expireIn: query("expire_in"))
    }

    /// The query's fields; the caller percent-encodes the values.
    public var fields: [(String, String)] {
        [("artifact_type", type), ("artifact_format", format)] + (expireIn.map { [("expire_in", $0)] } ?? [])
    }
}
