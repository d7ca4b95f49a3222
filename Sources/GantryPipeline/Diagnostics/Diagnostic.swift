import GantryYAML

/// One finding about a pipeline: an error makes the configuration invalid, a warning does not.
/// Printed as `file:line:col: message`, the form editors and scripts understand.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning }

    public var severity: Severity
    public var mark: SourceMark
    public var message: String

    public init(_ severity: Severity, _ mark: SourceMark, _ message: String) {
        self.severity = severity
        self.mark = mark
        self.message = message
    }

    public static func error(_ mark: SourceMark, _ message: String) -> Diagnostic { Diagnostic(.error, mark, message) }
    public static func warning(_ mark: SourceMark, _ message: String) -> Diagnostic { Diagnostic(.warning, mark, message) }

    public var description: String {
        severity == .warning ? "\(mark): warning: \(message)" : "\(mark): \(message)"
    }
}

/// Collects findings so that one run reports every error, not just the first.
public struct Diagnostics: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init() {}

    public var errors: [Diagnostic] { items.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { items.filter { $0.severity == .warning } }
    public var hasErrors: Bool { items.contains { $0.severity == .error } }

    public mutating func error(_ mark: SourceMark, _ message: String) { items.append(.error(mark, message)) }
    public mutating func warning(_ mark: SourceMark, _ message: String) { items.append(.warning(mark, message)) }
    public mutating func append(_ d: Diagnostic) { items.append(d) }
    public mutating func append(contentsOf other: Diagnostics) { items.append(contentsOf: other.items) }
}
