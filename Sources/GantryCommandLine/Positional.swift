/// A word a command takes by position (`JOB` in `gantry run JOB...`), declared once.
public struct Positional: Sendable {
    /// How usage and help show it: `JOB`, `NAMESPACE/PATH`.
    public let name: String
    public let help: String
    /// Takes every remaining word (only the last positional may).
    public let repeatable: Bool
    public let optional: Bool
    public let completion: ValueCompletion

    public init(_ name: String, help: String, repeatable: Bool = false, optional: Bool = false,
                completion: ValueCompletion = .none) {
        self.name = name
        self.help = help
        self.repeatable = repeatable
        self.optional = optional
        self.completion = completion
    }

    /// `NAME`, `[NAME]`, `JOB...` or `[JOB...]`.
    var usage: String {
        let word = repeatable ? name + "..." : name
        return optional ? "[\(word)]" : word
    }
}
