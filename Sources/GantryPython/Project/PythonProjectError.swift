/// A problem with a project file or with what was asked of it, with the place to look:
/// `pyproject.toml:12:5: message`, or just the message when no file is involved.
public struct PythonProjectError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var place = file ?? ""
        if let line {
            place += place.isEmpty ? "line \(line)" : ":\(line)"
            if let column { place += ":\(column)" }
        }
        return place.isEmpty ? message : "\(place): \(message)"
    }
}
