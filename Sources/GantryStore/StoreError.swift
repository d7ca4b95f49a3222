import CSQLite

/// Errors of the store. Lookups of missing rows return nil instead; updates of missing rows throw `notFound`.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A unique constraint failed: the row "has already been taken".
    /// The payload is SQLite's column list, e.g. "projects.path_with_namespace".
    case conflict(String)
    /// An update or delete named a row that does not exist, e.g. "pipeline 42".
    case notFound(String)
    /// The database was written by a newer gantry: its schema version is above the ones this build knows.
    case newerSchema(path: String, version: Int, supported: Int)
    /// Any other SQLite failure, with its (extended) result code and sqlite3_errmsg.
    case sqlite(code: Int32, message: String)

    public var description: String {
        switch self {
        case .conflict(let columns): "\(columns) has already been taken"
        case .notFound(let what): "\(what) not found"
        case .newerSchema(let path, let version, let supported):
            "the database \(path) has schema version \(version), but this gantry only knows versions up to "
                + "\(supported): it was written by a newer gantry; upgrade gantry or use another data directory"
        case .sqlite(let code, let message): "SQLite error \(code): \(message)"
        }
    }

    /// Unique and primary-key violations become `conflict`; everything else keeps SQLite's code.
    static func from(code: Int32, message: String) -> StoreError {
        if code == SQLITE_CONSTRAINT | (8 << 8) || code == SQLITE_CONSTRAINT | (6 << 8) {
            // "UNIQUE constraint failed: projects.path_with_namespace"
            let columns = message.range(of: "failed: ").map { String(message[$0.upperBound...]) } ?? message
            return .conflict(columns)
        }
        return .sqlite(code: code, message: message)
    }
}
