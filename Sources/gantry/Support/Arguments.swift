/// Command-line options in the forms the commands document: `--flag`, `--key value`,
/// `--key=value`, repeatable keys, and positional words.
struct Arguments {
    private(set) var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positional: [String] = []

    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    /// `valued` lists the options that take a value; every other `--x` is a flag.
    init(_ args: [String], valued: Set<String>, flags allowedFlags: Set<String>) throws(UsageError) {
        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            guard arg.hasPrefix("--"), arg.count > 2 else {
                positional.append(arg)
                continue
            }
            var name = String(arg.dropFirst(2))
            var value: String? = nil
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if valued.contains(name) {
                if value == nil {
                    guard i < args.count else { throw UsageError(description: "--\(name) needs a value") }
                    value = args[i]
                    i += 1
                }
                values[name, default: []].append(value!)
            } else if allowedFlags.contains(name), value == nil {
                flags.insert(name)
            } else {
                throw UsageError(description: "unknown option --\(name)")
            }
        }
    }

    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// Every `--name KEY=VALUE` given, in order.
    func pairs(_ name: String) throws(UsageError) -> [(String, String)] {
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
