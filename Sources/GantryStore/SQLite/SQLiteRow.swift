import CSQLite
import Foundation
import GantryEngine

/// Reads the current row's columns left to right: decoders list fields in the same order as their SELECT.
struct SQLiteRow {
    let statement: OpaquePointer
    private var index: Int32 = 0

    init(statement: OpaquePointer) { self.statement = statement }

    private mutating func next() -> Int32 {
        defer { index += 1 }
        return index
    }

    private var currentIsNull: Bool { sqlite3_column_type(statement, index) == SQLITE_NULL }

    mutating func int() -> Int { Int(sqlite3_column_int64(statement, next())) }

    mutating func intOrNil() -> Int? { currentIsNull ? skipNull() : int() }

    mutating func double() -> Double { sqlite3_column_double(statement, next()) }

    mutating func doubleOrNil() -> Double? { currentIsNull ? skipNull() : double() }

    mutating func bool() -> Bool { int() != 0 }

    mutating func boolOrNil() -> Bool? { currentIsNull ? skipNull() : bool() }

    mutating func string() -> String {
        let column = next()
        guard let text = sqlite3_column_text(statement, column) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    mutating func stringOrNil() -> String? { currentIsNull ? skipNull() : string() }

    mutating func date() -> Date { Date(timeIntervalSince1970: Double(int()) / 1000) }

    mutating func dateOrNil() -> Date? { currentIsNull ? skipNull() : date() }

    /// A JSON array of strings (tags, scopes); only the store writes these columns.
    // Statuses under GitLab's names. Only Gantry writes these columns; a name it does not know
    // (a database edited by hand) reads as `created`, which a restarted server plans and moves again.
    mutating func jobStatus() -> JobStatus { JobStatus(rawValue: string()) ?? .created }

    mutating func pipelineStatus() -> PipelineStatus { PipelineStatus(rawValue: string()) ?? .created }

    mutating func strings() -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(string().utf8))) ?? []
    }

    private mutating func skipNull<T>() -> T? {
        index += 1
        return nil
    }
}
