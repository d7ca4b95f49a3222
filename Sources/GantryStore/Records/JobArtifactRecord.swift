import Foundation

/// One file uploaded for a job (archive, junit report, trace...).
public struct JobArtifactRecord: Sendable, Equatable {
    public var id: Int
    public var jobID: Int
    /// "archive", "junit", "metadata", "dotenv", "trace".
    public var fileType: String
    /// "zip", "gzip", "raw".
    public var fileFormat: String
    /// Relative to the data directory.
    public var path: String
    public var size: Int
    /// Hex SHA-256 of the file.
    public var sha256: String
    public var createdAt: Date
    public var expireAt: Date?

    public init(id: Int = 0, jobID: Int, fileType: String, fileFormat: String, path: String, size: Int,
                sha256: String, createdAt: Date, expireAt: Date? = nil) {
        self.id = id
        self.jobID = jobID
        self.fileType = fileType
        self.fileFormat = fileFormat
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.createdAt = createdAt
        self.expireAt = expireAt
    }
}
