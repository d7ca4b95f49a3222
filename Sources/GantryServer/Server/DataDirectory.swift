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
    /// Pushes in progress (`PushJournal`).
    public var pushes: URL { root.appendingPathComponent("pushes") }
    /// The keys jobs' ID tokens are signed with (GantrySigstore's `OIDCKeyRing`).
    public var oidcKeys: URL { root.appendingPathComponent("oidc") }

    /// A project's bare repository, by id, so that renaming a project moves nothing.
    public func repository(projectID: Int) -> URL { repositories.appendingPathComponent("\(projectID).git") }
    public func trace(jobID: Int) -> URL { traces.appendingPathComponent("\(jobID).log") }
    public func artifactFolder(jobID: Int) -> URL { artifacts.appendingPathComponent("\(jobID)") }

    /// Creates the folders, readable by the server's user only (0700, files 0600): jobs and other
    /// local users must not read the database, tokens' digests, repositories or artifacts. A data
    /// directory from an older gantry (0755, a 0644 database) is closed the same way.
    func create() throws {
        let fm = FileManager.default
        for folder in [root, repositories, traces, artifacts, temporary, pushes] {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
        }
        for name in (try? fm.contentsOfDirectory(atPath: root.path)) ?? [] {
            let path = root.appendingPathComponent(name).path
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            try? fm.setAttributes([.posixPermissions: isFolder.boolValue ? 0o700 : 0o600], ofItemAtPath: path)
        }
    }

    /// Empties `tmp`: request bodies spilled and git output of a run that was killed.
    func clearTemporary() {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: temporary.path)) ?? [] {
            try? fm.removeItem(at: temporary.appendingPathComponent(name))
        }
    }
}
