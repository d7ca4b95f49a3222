import Foundation
import Synchronization

/// The SQLite implementation of `Store`: one connection in WAL mode behind a `Mutex`.
/// SQLite writes one transaction at a time anyway, and each call is short, so one connection is enough.
public final class SQLiteStore: Store {
    public let path: String
    private let connection: Mutex<SQLiteConnection>

    /// Opens (or creates) the database at `path` and brings its schema up to date.
    /// Throws `StoreError.newerSchema` for a database written by a newer gantry.
    public convenience init(path: String) throws {
        try self.init(path: path, migrations: Schema.migrations)
    }

    /// `migrations` is replaceable so that tests can build an older database and upgrade it.
    init(path: String, migrations: [String]) throws {
        let db = try SQLiteConnection(path: path)
        // Busy timeout first: switching to WAL needs a lock another gantry process may hold.
        // synchronous=NORMAL in WAL mode: commits survive a crash of the process; a power cut may lose
        // the last ones but never corrupts the file. FULL would fsync on every commit.
        try db.execute("""
            PRAGMA busy_timeout = 5000;
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA foreign_keys = ON;
            """)
        try Self.migrate(db, to: migrations)
        self.path = path
        connection = Mutex(db)
    }

    /// Applies the migrations the database lacks, each in its own transaction.
    private static func migrate(_ db: SQLiteConnection, to migrations: [String]) throws {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                applied_at INTEGER NOT NULL
            )
            """)
        let versionSQL = "SELECT MAX(version) FROM schema_migrations"
        let current = try db.int(versionSQL)
        if current > migrations.count {
            throw StoreError.newerSchema(path: db.path, version: current, supported: migrations.count)
        }
        for (offset, script) in migrations.enumerated() where offset + 1 > current {
            let version = offset + 1
            try db.transaction {
                // Read again under the write lock: another gantry process may have just migrated.
                guard try db.int(versionSQL) < version else { return }
                try db.execute(script)
                try db.run("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", [version, Date()])
            }
        }
    }

    /// Runs `body` with the connection, one caller at a time.
    func withDB<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try connection.withLock { db in try body(db) }
    }

    /// LIMIT and OFFSET of a 1-based page. Any page number from a request is safe here: an
    /// offset too large for 64 bits saturates, which SQLite answers with no rows.
    static func limits(page: Int, perPage: Int) -> (limit: Int, offset: Int) {
        let perPage = max(perPage, 1)
        let (offset, overflow) = (max(page, 1) - 1).multipliedReportingOverflow(by: perPage)
        return (perPage, overflow ? Int.max : offset)
    }

    /// A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped (used with ESCAPE '\').
    static func containsPattern(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%\(escaped)%"
    }

    /// A list parameter for `IN (SELECT value FROM json_each(?))`: one SQL text whatever the list's length.
    static func jsonList(_ values: [Int]) -> String {
        "[" + values.map(String.init).joined(separator: ",") + "]"
    }
}
