import Foundation

/// Everything a server keeps, in one folder: the database, bare repositories, job traces and
/// artifacts. Back it up and you have backed up the server.
public struct DataDirectory: Sendable {
    public let root: URL

    public init(_ root: URL) { self.root = root.standardizedFileURL }

    public var database: URL { root.appendingPathComponent("gantry.sqlite") }
    public var repositories: URL { root.appendingPathComponent("repositories") }
    public var traces: URL { root.appendingPathComponent("traces") }
    public var artifacts: URL { root.appendingPathComponent("artifacts") }
    /// Package registry files, content-addressed (`packages/<2 hex>/<sha256>`).
    public var packages: URL { root.appendingPathComponent("packages") }
    public var temporary: URL { root.appendingPathComponent("tmp") }

    /// A project's bare repository, by id, so that renaming a project moves nothing.
    public func repository(projectID: Int) -> URL { repositories.appendingPathComponent("\(projectID).git") }
    public func trace(jobID: Int) -> URL { traces.appendingPathComponent("\(jobID).log") }
    public func artifactFolder(jobID: Int) -> URL { artifacts.appendingPathComponent("\(jobID)") }

    func create() throws {
        for folder in [root, repositories, traces, artifacts, temporary] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
    }
}
