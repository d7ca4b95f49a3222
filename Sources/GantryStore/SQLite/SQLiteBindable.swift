import CSQLite
import Foundation
import GantryEngine

/// A Swift value that can be bound to a statement parameter.
/// Dates are stored as INTEGER milliseconds since 1970 (exact, sortable, readable in the sqlite3 shell);
/// string lists as JSON text.
protocol SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32
}

extension Int: SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, Int64(self))
    }
}

extension Double: SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_double(statement, index, self)
    }
}

extension Bool: SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, self ? 1 : 0)
    }
}

extension String: SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        // TRANSIENT: SQLite copies the bytes, which only live for this closure.
        withCString { sqlite3_bind_text(statement, index, $0, Int32(utf8.count), gantry_sqlite_transient()) }
    }
}

extension Date: SQLiteBindable {
    /// Milliseconds since 1970: the precision the store keeps. Dates beyond what 64 bits of
    /// milliseconds hold (an `expire_in` of ten trillion years) are stored as the furthest one.
    var storedMilliseconds: Int {
        let milliseconds = (timeIntervalSince1970 * 1000).rounded()
        guard milliseconds.isFinite else { return milliseconds < 0 ? Int.min : Int.max }
        if milliseconds >= 9.2e18 { return 9_200_000_000_000_000_000 }
        if milliseconds <= -9.2e18 { return -9_200_000_000_000_000_000 }
        return Int(milliseconds)
    }

    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, Int64(storedMilliseconds))
    }
}

extension Array: SQLiteBindable where Element == String {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        let data = (try? JSONEncoder().encode(self)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self).bind(to: statement, at: index)
    }
}

/// Job and pipeline statuses are stored under GitLab's names.
extension JobStatus: SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { rawValue.bind(to: statement, at: index) }
}

extension PipelineStatus: SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { rawValue.bind(to: statement, at: index) }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        switch self {
        case .some(let value): value.bind(to: statement, at: index)
        case .none: sqlite3_bind_null(statement, index)
        }
    }
}
