import CSQLite

/// A prepared statement owned by the connection's cache; finalized when the cache drops it.
final class SQLiteStatement {
    let raw: OpaquePointer

    init(_ raw: OpaquePointer) { self.raw = raw }

    deinit { sqlite3_finalize(raw) }

    /// Binds `arguments` to ?1, ?2... , steps through every row, then resets for the next use.
    func step(_ arguments: [any SQLiteBindable], connection: SQLiteConnection,
              _ onRow: (inout SQLiteRow) -> Void) throws {
        // Reset even on failure: a statement left mid-step would keep a read transaction open.
        defer {
            sqlite3_reset(raw)
            sqlite3_clear_bindings(raw)
        }
        for (offset, argument) in arguments.enumerated() {
            let rc = argument.bind(to: raw, at: Int32(offset + 1))
            if rc != SQLITE_OK { throw connection.error(rc) }
        }
        while true {
            let rc = sqlite3_step(raw)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw connection.error(rc) }
            var row = SQLiteRow(statement: raw)
            onRow(&row)
        }
    }
}
