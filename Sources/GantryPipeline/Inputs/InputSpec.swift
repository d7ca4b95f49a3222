import GantryYAML

/// One input a `spec:inputs` header declares.
struct InputSpec: Sendable {
    /// GitLab's input types; `string` when `type` is not given.
    enum Kind: String, Sendable, CaseIterable {
        case array, boolean, number, string

        /// Whether a value has this type (GitLab's `validate_type`).
        func accepts(_ value: Node?) -> Bool {
            guard let value else { return false }
            switch self {
            case .array: return value.sequence != nil
            case .boolean: if case .bool = value.scalar?.value { return true } else { return false }
            case .number:
                switch value.scalar?.value {
                case .int, .float: return true
                default: return false
                }
            case .string: return value.string != nil
            }
        }

        /// `is not a string`, `is not an array`.
        var article: String { self == .array ? "an" : "a" }
    }

    var name: String
    var mark: SourceMark
    var kind: Kind
    /// Present when the spec has a `default:` key, even a null one: an input without it is required.
    var hasDefault: Bool
    var defaultValue: Node?
    var options: [Node]?
    var regex: String?
    /// Whether the spec names a `regex:` at all (GitLab checks the key, not the value).
    var hasRegex: Bool
}
