/// Variables from several sources combined with GitLab's precedence (later layers win) and their
/// values expanded: `$OTHER` inside a value becomes OTHER's value, unless the variable was defined
/// with `expand: false`; a reference cycle is left as written.
public struct VariableScope: Sendable {
    public struct Entry: Sendable {
        public var value: String
        public var expand: Bool
    }

    private var entries: [String: Entry] = [:]
    /// Names in the order they were first defined (for stable output).
    public private(set) var names: [String] = []

    public init() {}

    public mutating func set(_ name: String, _ value: String, expand: Bool = true) {
        if entries[name] == nil { names.append(name) }
        entries[name] = Entry(value: value, expand: expand)
    }

    public mutating func add(_ pairs: [(String, String)]) {
        for (k, v) in pairs { set(k, v) }
    }

    public mutating func add(_ definitions: [VariableDefinition]) {
        for d in definitions { set(d.name, d.value, expand: d.expand) }
    }

    public func raw(_ name: String) -> String? { entries[name]?.value }

    /// Every variable with references expanded.
    public func resolved() -> [String: String] {
        var done: [String: String] = [:]
        var visiting: Set<String> = []
        func value(_ name: String) -> String? {
            if let v = done[name] { return v }
            guard let entry = entries[name] else { return nil }
            guard entry.expand, entry.value.contains("$") else {
                done[name] = entry.value
                return entry.value
            }
            if visiting.contains(name) { return entry.value }
            visiting.insert(name)
            let expanded = VariableExpander.expand(entry.value, with: { ref in
                visiting.contains(ref) ? (entries[ref].map { _ in "$" + ref }) : value(ref)
            })
            visiting.remove(name)
            done[name] = expanded
            return expanded
        }
        for name in names { _ = value(name) }
        return done
    }
}
