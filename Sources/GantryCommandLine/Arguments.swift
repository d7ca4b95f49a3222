/// What a command was given, checked against its declaration: option values by name, flags, and
/// positional words.
public struct Arguments: Sendable {
    public internal(set) var values: [String: [String]] = [:]
    public internal(set) var flags: Set<String> = []
    public internal(set) var positional: [String] = []
    /// The subcommand words that led here, without the tool's name: `["runner", "register"]`.
    public internal(set) var commandPath: [String] = []

    /// A mistake in what was typed: the tool prints it with the command's usage and exits 2.
    public struct UsageError: Error, CustomStringConvertible, Equatable {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public init() {}

    public func value(_ name: String) -> String? { values[name]?.last }
    public func all(_ name: String) -> [String] { values[name] ?? [] }
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// Every `--name KEY=VALUE` given, in order.
    public func pairs(_ name: String) throws(UsageError) -> [(String, String)] {
        var out: [(String, String)] = []
        for pair in all(name) {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw UsageError(description: "--\(name) takes KEY=VALUE, got '\(pair)'")
            }
            out.append((String(pair[..<eq]), String(pair[pair.index(after: eq)...])))
        }
        return out
    }
}
