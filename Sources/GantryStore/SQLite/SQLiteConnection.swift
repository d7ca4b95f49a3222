import CSQLite
import Foundation

/// One SQLite connection with a cache of prepared statements.
/// Not thread-safe on its own: `SQLiteStore` keeps it behind a `Mutex`.
final class SQLiteConnection {
    let handle: OpaquePointer
    let path: String
    /// Prepared statements by SQL text: the hot inserts and lookups are compiled once.
    private var statements: [String: SQLiteStatement] = [:]
    private var transactionDepth = 0

    init(path: String) throws {
        var db: OpaquePointer?
        // NOMUTEX: SQLite's own locking would only duplicate the store's Mutex.
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw StoreError.sqlite(code: rc, message: "cannot open \(path): \(message)")
        }
        handle = db
        self.path = path
        // Extended codes tell a UNIQUE violation (a conflict) from other constraint failures.
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        statements.removeAll()  // finalizes them, so that the close below is immediate
        sqlite3_close_v2(handle)
    }

    /// Runs a script of one or more statements without parameters (pragmas, migrations).
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw StoreError.from(code: rc, message: text)
        }
    }

    /// Runs one statement and returns the number of rows it changed.
    @discardableResult
    func run(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws -> Int {
        try statement(sql).step(arguments, connection: self) { _ in }
        return Int(sqlite3_changes(handle))
    }

    /// Runs one query and decodes every row.
    func rows<T>(_ sql: String, _ arguments: [any SQLiteBindable] = [],
                 _ decode: (inout SQLiteRow) -> T) throws -> [T] {
        var result: [T] = []
        try statement(sql).step(arguments, connection: self) { row in result.append(decode(&row)) }
        return result
    }

    /// The first row of a query, or nil.
    func row<T>(_ sql: String, _ arguments: [any SQLiteBindable] = [],
                _ decode: (inout SQLiteRow) -> T) throws -> T? {
        try rows(sql, arguments, decode).first
    }

    /// The first column of the first row as an integer (COUNT, MAX...); 0 when there is no row or it is NULL.
    func int(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws -> Int {
        try row(sql, arguments) { $0.intOrNil() }.flatMap { $0 } ?? 0
    }

    var lastInsertID: Int { Int(sqlite3_last_insert_rowid(handle)) }

    /// Runs `body` in one transaction, rolled back if it throws. Nested calls join the outer transaction.
    /// IMMEDIATE takes the write lock up front, so a second process waits (busy timeout) instead of failing mid-way.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        if transactionDepth > 0 { return try body() }
        try execute("BEGIN IMMEDIATE")
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The cached prepared statement for `sql`, compiled on first use.
    private func statement(_ sql: String) throws -> SQLiteStatement {
        if let cached = statements[sql] { return cached }
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw error(rc) }
        let statement = SQLiteStatement(raw)
        statements[sql] = statement
        return statement
    }

    /// The typed error for a failed call, with SQLite's own message.
    func error(_ code: Int32) -> StoreError {
        StoreError.from(code: code, message: String(cString: sqlite3_errmsg(handle)))
    }
}
