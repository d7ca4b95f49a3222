/// One `--name` a command accepts, declared once: parsing, usage, help and completion read it.
/// A flag takes no value; an option takes one as `--name V` or `--name=V`.
public struct Option: Sendable {
    /// Without the dashes: `file` for `--file`.
    public let name: String
    /// How usage and help show the value (`F`, `K=V`); nil for a flag.
    public let valueName: String?
    public let help: String
    /// Given more than once, every value is kept (`--variable A=1 --variable B=2`); otherwise the last wins.
    public let repeatable: Bool
    public let required: Bool
    public let completion: ValueCompletion

    public static func flag(_ name: String, help: String) -> Option {
        Option(name: name, valueName: nil, help: help, repeatable: false, required: false, completion: .none)
    }

    public static func value(_ name: String, _ valueName: String, help: String, repeatable: Bool = false,
                             required: Bool = false, completion: ValueCompletion = .none) -> Option {
        Option(name: name, valueName: valueName, help: help, repeatable: repeatable, required: required, completion: completion)
    }

    var isFlag: Bool { valueName == nil }

    /// `--file F` or `--needs`.
    var spelling: String { valueName.map { "--\(name) \($0)" } ?? "--\(name)" }
}
