import Synchronization

/// Where a node starts in its file: 1-based line and column, as editors count.
/// The file is held as an index into a process-wide table: every node carries a mark, and a
/// plain number keeps copying nodes free of reference counting.
public struct SourceMark: Sendable, Hashable, CustomStringConvertible {
    private var fileID: Int32
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.init(fileID: SourceFiles.id(of: file), line: line, column: column)
    }

    init(fileID: Int32, line: Int, column: Int) {
        self.fileID = fileID
        self.line = line
        self.column = column
    }

    public var file: String {
        get { SourceFiles.name(of: fileID) }
        set { fileID = SourceFiles.id(of: newValue) }
    }

    public var description: String { "\(file):\(line):\(column)" }

    /// For values Gantry makes itself (defaults, predefined variables).
    public static func builtin(_ what: String) -> SourceMark { SourceMark(file: what, line: 0, column: 0) }
}

/// The names behind `SourceMark`'s file numbers.
enum SourceFiles {
    private static let table = Mutex<(names: [String], ids: [String: Int32])>(([], [:]))

    static func id(of name: String) -> Int32 {
        table.withLock { t in
            if let id = t.ids[name] { return id }
            let id = Int32(t.names.count)
            t.names.append(name)
            t.ids[name] = id
            return id
        }
    }

    static func name(of id: Int32) -> String {
        table.withLock { $0.names[Int(id)] }
    }
}
