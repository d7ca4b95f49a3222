/// A TOML file read for editing in place: every key/value knows the exact bytes of its value, every
/// `[table]` section where its entries end, so that one value can be replaced, or one line added,
/// leaving every other byte as it was.
///
/// The reader knows TOML 1.0 (and 1.1's multi-line inline tables): table and array-of-tables
/// headers, bare/quoted/dotted keys, the four string forms, arrays and inline tables across lines,
/// comments, numbers, booleans and dates; duplicate keys and tables defined twice are errors, as
/// TOML parsers make them. Errors carry the line and column.
public struct TOMLDocument: Sendable {
    public enum StringStyle: Sendable, Equatable {
        case basic, literal, multilineBasic, multilineLiteral
    }

    public indirect enum Value: Sendable {
        case string(String, StringStyle)
        case array([Node])
        /// Its members are entries of their own, under the key's path.
        case inlineTable
        /// An integer, float, boolean or date/time, as written.
        case scalar(String)

        public var string: String? {
            if case .string(let s, _) = self { return s }
            return nil
        }

        /// What kind of value this is, for messages: "a string", "an array", ...
        public var kindDescription: String {
            switch self {
            case .string: "a string"
            case .array: "an array"
            case .inlineTable: "a table"
            case .scalar(let text): "the bare value \(text)"
            }
        }
    }

    public struct Node: Sendable {
        public var value: Value
        /// The value's bytes, delimiters (quotes, brackets) included.
        public var range: Range<Int>
        public var line: Int
        public var column: Int
    }

    public struct Entry: Sendable {
        /// The full key path from the document root (`[project.urls]` + `Homepage` →
        /// `["project", "urls", "Homepage"]`), keys unquoted.
        public var path: [String]
        /// Inside an array of tables, or inside an inline table in an array: not reachable by a
        /// plain path (`lookup` skips these).
        public var inArray: Bool
        public var line: Int
        public var column: Int
        /// The bytes of the key as written (`"Homepage"`, `urls.Homepage`).
        public var keyRange: Range<Int>
        public var node: Node
        /// Offset just past the end of the line the value ends on (its newline included).
        public var lineEnd: Int
        /// Index in `tables` of the `[header]` section the entry is written in; nil before any header
        /// and for members of inline tables.
        public var section: Int?
        /// Offset of the first byte of the line the key is on.
        public var lineStart: Int
    }

    public struct Table: Sendable {
        public var path: [String]
        public var isArrayOfTables: Bool
        public var inArray: Bool
        public var line: Int
        /// Offset just past the header line.
        public var headerLineEnd: Int
        /// Offset just past the line of the section's last key/value (the header line when none).
        public var entriesEnd: Int
    }

    public let bytes: [UInt8]
    public internal(set) var entries: [Entry] = []
    public internal(set) var tables: [Table] = []
    /// `\r\n` when the file's first line ends so, else `\n`: what added lines use.
    public let lineEnding: String
    let lineStarts: [Int]

    public init(bytes: [UInt8]) throws(TOMLError) {
        self.bytes = bytes
        var starts = [0]
        var ending = ""
        for (i, b) in bytes.enumerated() where b == 10 {
            starts.append(i + 1)
            if ending.isEmpty { ending = i > 0 && bytes[i - 1] == 13 ? "\r\n" : "\n" }
        }
        lineStarts = starts
        lineEnding = ending.isEmpty ? "\n" : ending
        var reader = TOMLReader(document: self)
        try reader.read()
        entries = reader.entries
        tables = reader.tables
    }

    public init(_ text: String) throws(TOMLError) {
        try self.init(bytes: Array(text.utf8))
    }

    /// The entry at exactly `path` (not inside an array of tables).
    public func lookup(_ path: [String]) -> Entry? {
        entries.first { !$0.inArray && $0.path == path }
    }

    /// The entries directly below `path` (one key longer), in file order.
    public func children(of path: [String]) -> [Entry] {
        entries.filter { !$0.inArray && $0.path.count == path.count + 1 && Array($0.path.prefix(path.count)) == path }
    }

    /// Whether anything defines `path` or a key below it.
    public func defines(_ path: [String]) -> Bool {
        entries.contains { !$0.inArray && $0.path.count >= path.count && Array($0.path.prefix(path.count)) == path }
            || tables.contains { !$0.inArray && $0.path.count >= path.count && Array($0.path.prefix(path.count)) == path }
    }

    /// The `[path]` header section (not an array of tables).
    public func table(_ path: [String]) -> Table? {
        tables.first { !$0.inArray && !$0.isArrayOfTables && $0.path == path }
    }

    /// 1-based line and column (in characters) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        let start = lineStarts[lo]
        let column = bytes[start..<min(offset, bytes.count)].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return (lo + 1, column)
    }

    /// Offset of the start of the line holding `offset`.
    public func lineStart(of offset: Int) -> Int {
        lineStarts.last { $0 <= offset } ?? 0
    }
}

/// A TOML syntax error at a line and column.
public struct TOMLError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(line):\(column): \(message)" }
}

/// Writing values back: a string in the style of the one it replaces when that style can hold it.
public enum TOMLString {
    public static func encode(_ value: String, like style: TOMLDocument.StringStyle = .basic) -> String {
        let plain = !value.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
        switch style {
        case .literal where plain && !value.contains("'"):
            return "'\(value)'"
        case .multilineLiteral where plain && !value.contains("'"):
            return "'''\(value)'''"
        case .multilineBasic:
            return "\"\"\"\(escaped(value))\"\"\""
        default:
            return "\"\(escaped(value))\""
        }
    }

    static func escaped(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
