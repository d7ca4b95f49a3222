import Foundation

/// One file of a package (a wheel or an sdist). The bytes live on disk, content-addressed by
/// `sha256`, so two rows may share one file; `fileName` is unique per project.
public struct PackageFileRecord: Sendable, Equatable {
    public var id: Int
    public var packageID: Int
    public var projectID: Int
    public var fileName: String
    public var size: Int
    /// Hex SHA-256 of the file: its address on disk and in index URLs.
    public var sha256: String
    /// "sdist" or "bdist_wheel", as twine sends it.
    public var fileType: String
    /// The file's own `Requires-Python` (empty when it has none), served as `data-requires-python`.
    public var requiresPython: String
    /// The pipeline whose job uploaded the file with its job token, if one did.
    public var pipelineID: Int?
    public var createdAt: Date
    /// The identity that signed the file's PEP 740 attestations (their certificate's SAN), when it
    /// was uploaded with them; its provenance object is kept apart (`packageFileProvenance`).
    public var attestedIdentity: String?
    /// The URL of the job that signed them (the certificate's run invocation URI).
    public var attestedJob: String?

    public init(id: Int = 0, packageID: Int = 0, projectID: Int, fileName: String, size: Int, sha256: String,
                fileType: String, requiresPython: String = "", pipelineID: Int? = nil, createdAt: Date,
                attestedIdentity: String? = nil, attestedJob: String? = nil) {
        self.id = id
        self.packageID = packageID
        self.projectID = projectID
        self.fileName = fileName
        self.size = size
        self.sha256 = sha256
        self.fileType = fileType
        self.requiresPython = requiresPython
        self.pipelineID = pipelineID
        self.createdAt = createdAt
        self.attestedIdentity = attestedIdentity
        self.attestedJob = attestedJob
    }
}
