import Foundation

/// One version of a package in a project's registry (GitLab's `packages_packages`): the files
/// uploaded for it (an sdist, wheels) are `PackageFileRecord`s. Unique per project, type,
/// normalized name and normalized version, so that `My_Pkg 1.0` and `my-pkg 1.0.0` are one package.
public struct PackageRecord: Sendable, Equatable {
    public var id: Int
    public var projectID: Int
    /// "pypi".
    public var packageType: String
    /// As spelled by the first upload, e.g. "My_Pkg".
    public var name: String
    /// PEP 503's form, e.g. "my-pkg": what indexes look up.
    public var normalizedName: String
    /// As spelled by the first upload, e.g. "1.0".
    public var version: String
    /// PEP 440's normalized form, e.g. "1.0": two spellings of one version are one package.
    public var normalizedVersion: String
    /// GitLab's package status: "default" once it has files.
    public var status: String
    public var createdAt: Date
    /// When the last file was added.
    public var updatedAt: Date

    public init(id: Int = 0, projectID: Int, packageType: String = "pypi", name: String, normalizedName: String,
                version: String, normalizedVersion: String, status: String = "default", createdAt: Date, updatedAt: Date? = nil) {
        self.id = id
        self.projectID = projectID
        self.packageType = packageType
        self.name = name
        self.normalizedName = normalizedName
        self.version = version
        self.normalizedVersion = normalizedVersion
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}
