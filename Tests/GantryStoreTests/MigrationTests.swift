import Foundation
import Testing
@testable import GantryStore

struct MigrationTests {
    /// A database at schema `version` holding alice's project widget, and a raw connection to it.
    static func database(atVersion version: Int, in dir: TempDirectory) throws -> (ProjectRecord, SQLiteConnection) {
        let old = try SQLiteStore(path: dir.databasePath, migrations: Array(Schema.migrations.prefix(version)))
        let user = try old.createUser(UserRecord(username: "alice", name: "Alice", email: "a@example.com", createdAt: date(0)))
        let project = try old.createProject(makeProject("widget", namespace: "alice", creator: user.id))
        return (project, try SQLiteConnection(path: dir.databasePath))
    }

    @Test func aNewerDatabaseRefusesToOpen() throws {
        let dir = TempDirectory()
        _ = try SQLiteStore(path: dir.databasePath)
        do {
            // What a future gantry would leave behind.
            let raw = try SQLiteConnection(path: dir.databasePath)
            try raw.run("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)")
        }
        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: dir.databasePath) }
        #expect(error == .newerSchema(path: dir.databasePath, version: 99, supported: Schema.migrations.count))
        #expect(error?.description.contains("written by a newer gantry") == true)
    }

    @Test func anOlderDatabaseIsUpgradedAndKeepsItsData() throws {
        let dir = TempDirectory()
        do {
            let old = try SQLiteStore(path: dir.databasePath, migrations: [Schema.v1])
            try old.setSetting("kept", "yes")
        }
        let v2 = "CREATE TABLE extra (id INTEGER PRIMARY KEY); INSERT INTO extra (id) VALUES (7);"
        let store = try SQLiteStore(path: dir.databasePath, migrations: [Schema.v1, v2])
        #expect(try store.setting("kept") == "yes")
        let raw = try SQLiteConnection(path: dir.databasePath)
        #expect(try raw.rows("SELECT version FROM schema_migrations ORDER BY version") { $0.int() } == [1, 2])
        #expect(try raw.int("SELECT id FROM extra") == 7)
        // Applied once: reopening does not run v2 again (its INSERT would conflict).
        _ = try SQLiteStore(path: dir.databasePath, migrations: [Schema.v1, v2])
    }

    /// v4 gives pipelines their warnings: a pipeline of a v3 database keeps everything and has
    /// none; a new one keeps the ones it was created with, through updates.
    @Test func aVersion3PipelineGainsEmptyWarnings() throws {
        let dir = TempDirectory()
        let (project, raw) = try Self.database(atVersion: 3, in: dir)
        try raw.run("""
            INSERT INTO pipelines (project_id, iid, sha, before_sha, ref, tag, source, status, yaml_errors, created_at, updated_at)
            VALUES (?, 99, 'abc', '0', 'main', 0, 'push', 'failed', 'jobs:x: unknown key', 0, 0)
            """, [project.id])

        let store = try SQLiteStore(path: dir.databasePath)
        let kept = try #require(try store.pipelines(projectID: project.id, filter: PipelineFilter(), page: 1, perPage: 10).items.first)
        #expect(kept.yamlErrors == "jobs:x: unknown key")
        #expect(kept.warnings == [])

        let warned = ".gitlab-ci.yml:3:5: `apt install python:3.6-slim` asks apt for a Debian package"
        var created = try store.createPipeline(PipelineRecord(projectID: project.id, sha: "def", ref: "main", source: "push",
                                                              createdAt: date(1), updatedAt: date(1), warnings: [warned]))
        created.status = .running
        try store.updatePipeline(created)
        #expect(try store.pipeline(id: created.id)?.warnings == [warned])
    }

    /// v5 gives variables a description and pipelines a name: a v4 database keeps its masked
    /// variable and its pipeline, with neither; both are stored from then on.
    @Test func aVersion4VariableAndPipelineSurviveVersion5() throws {
        let dir = TempDirectory()
        let (project, raw) = try Self.database(atVersion: 4, in: dir)
        try raw.run("""
            INSERT INTO ci_variables (owner_kind, owner_id, key, value, masked, protected) VALUES ('project', ?, 'TOKEN', 'secret-value-1', 1, 1)
            """, [project.id])
        try raw.run("""
            INSERT INTO pipelines (project_id, iid, sha, before_sha, ref, tag, source, status, created_at, updated_at)
            VALUES (?, 1, 'abc', '0', 'main', 0, 'push', 'success', 0, 0)
            """, [project.id])

        let store = try SQLiteStore(path: dir.databasePath)
        var variable = try #require(try store.variables(ownerKind: "project", ownerID: project.id).first)
        #expect(variable.masked && variable.protected && variable.value == "secret-value-1" && variable.description == nil)
        variable.description = "deploy"
        #expect(try store.setVariable(variable).description == "deploy")
        var pipeline = try #require(try store.pipelines(projectID: project.id, filter: PipelineFilter(), page: 1, perPage: 10).items.first)
        #expect(pipeline.name == nil && pipeline.status == .success)
        pipeline.name = "Release main"
        try store.updatePipeline(pipeline)
        #expect(try store.pipeline(id: pipeline.id)?.name == "Release main")
    }

    @Test func aFailingMigrationLeavesTheDatabaseAsItWas() throws {
        let dir = TempDirectory()
        _ = try SQLiteStore(path: dir.databasePath, migrations: [Schema.v1])
        let broken = "CREATE TABLE half (id INTEGER); THIS IS NOT SQL;"
        #expect(throws: StoreError.self) { try SQLiteStore(path: dir.databasePath, migrations: [Schema.v1, broken]) }
        let raw = try SQLiteConnection(path: dir.databasePath)
        #expect(try raw.int("SELECT MAX(version) FROM schema_migrations") == 1)
        #expect(try raw.int("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'") == 0)
    }

    @Test func theDatabaseUsesWAL() throws {
        let dir = TempDirectory()
        _ = try SQLiteStore(path: dir.databasePath)
        let raw = try SQLiteConnection(path: dir.databasePath)
        #expect(try raw.row("PRAGMA journal_mode") { $0.string() } == "wal")
    }
}
