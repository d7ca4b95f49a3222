import Foundation
import GantryEngine
@testable import GantryStore

/// A fresh directory per test, removed when the suite instance goes away.
final class TempDirectory: Sendable {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    var databasePath: String { url.appendingPathComponent("gantry.db").path }
}

/// Millisecond-precise dates: what the store keeps, so round-trips compare equal.
func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: 1_700_000_000 + seconds) }

/// A store with a user and a project in the user's namespace, for the tests that need a parent row.
struct Fixture {
    let dir = TempDirectory()
    let store: SQLiteStore
    let user: UserRecord
    let project: ProjectRecord

    init() throws {
        store = try SQLiteStore(path: dir.databasePath)
        user = try store.createUser(UserRecord(username: "alice", name: "Alice", email: "alice@example.com",
                                               createdAt: date(0)))
        project = try store.createProject(makeProject("widget", namespace: "alice", creator: user.id))
    }

    func reopen() throws -> SQLiteStore { try SQLiteStore(path: dir.databasePath) }

    func newPipeline(ref: String = "main", status: PipelineStatus = .created, source: String = "push",
                     sha: String = "abc123", at seconds: Double = 0, project: Int? = nil) -> PipelineRecord {
        PipelineRecord(projectID: project ?? self.project.id, sha: sha, ref: ref, source: source, status: status,
                       createdAt: date(seconds), updatedAt: date(seconds))
    }

    func newJob(_ name: String, pipeline: PipelineRecord, status: JobStatus = .created) -> JobRecord {
        JobRecord(pipelineID: pipeline.id, projectID: pipeline.projectID, name: name, stage: "test", stageIndex: 1,
                  status: status, createdAt: date(1))
    }
}

func makeProject(_ path: String, namespace: String, kind: String = "user", namespaceID: Int = 1,
                 creator: Int) -> ProjectRecord {
    ProjectRecord(name: path.capitalized, path: path, namespaceKind: kind, namespaceID: namespaceID,
                  pathWithNamespace: "\(namespace)/\(path)", createdAt: date(0), lastActivityAt: date(0),
                  creatorID: creator)
}
