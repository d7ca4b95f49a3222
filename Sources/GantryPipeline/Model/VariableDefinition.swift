import GantryYAML

/// One entry of a `variables:` block: `NAME: value` or `NAME: {value, description, expand, options}`.
public struct VariableDefinition: Sendable, Equatable {
    public var name: String
    /// The value as GitLab turns the YAML scalar into a string (`3.10` unquoted is "3.1").
    public var value: String
    /// `expand: false` keeps `$OTHER` literal.
    public var expand: Bool
    public var description: String?
    public var mark: SourceMark

    public init(name: String, value: String, expand: Bool = true, description: String? = nil, mark: SourceMark) {
        self.name = name
        self.value = value
        self.expand = expand
        self.description = description
        self.mark = mark
    }

    /// Reads a `variables:` mapping; entries the validator already rejected are skipped.
    public static func list(from node: Node?) -> [VariableDefinition] {
        guard let map = node?.mapping else { return [] }
        return map.entries.compactMap { entry in
            let v = entry.value
            if let s = v.scalar {
                return VariableDefinition(name: entry.key, value: s.value.asString, mark: v.mark)
            }
            guard let m = v.mapping else { return nil }
            let value = m["value"]?.scalar?.value.asString ?? ""
            var expand = true
            if case .bool(let b) = m["expand"]?.scalar?.value { expand = b }
            return VariableDefinition(name: entry.key, value: value, expand: expand,
                                      description: m["description"]?.string, mark: v.mark)
        }
    }
}
