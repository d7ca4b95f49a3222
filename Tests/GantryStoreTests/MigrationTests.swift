import Foundation
import Testing
@testable import GantryStore

struct MigrationTests {
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
