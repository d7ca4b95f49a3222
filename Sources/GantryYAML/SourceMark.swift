/// Where a node starts in its file: 1-based line and column, as editors count.
public struct SourceMark: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    /// For values Gantry makes itself (defaults, predefined variables).
    public static func builtin(_ what: String) -> SourceMark { SourceMark(file: what, line: 0, column: 0) }
}
