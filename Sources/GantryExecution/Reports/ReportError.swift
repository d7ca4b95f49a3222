/// A report file (`artifacts:reports:`: JUnit, dotenv) that GitLab would refuse or that could not
/// be read; `file:line: message`.
public struct ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
