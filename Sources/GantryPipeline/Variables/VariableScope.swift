/// Variables from several sources combined with GitLab's precedence (later layers win) and their
/// values expanded: `$OTHER` inside a value becomes OTHER's value, unless the variable was defined
/// with `expand: false` (predefined variables are always literal: a `$` in a branch name is
/// never expanded); a reference cycle is left as written.
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

    public mutating func add(_ pairs: [(String, String)], expand: Bool = true) {
        for (k, v) in pairs { set(k, v, expand: expand) }
    }

    public mutating func add(_ definitions: [VariableDefinition]) {
        for d in definitions { set(d.name, d.value, expand: d.expand) }
    }

    public func raw(_ name: String) -> String? { entries[name]?.value }

    /// Every variable with references expanded; a name no layer defines expands to nothing. This
    /// is what `rules:` and `workflow:` see while the pipeline is created.
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

    /// The variables as a server hands them to a runner (GitLab's `runner_variables`: sorted and
    /// expanded, undefined names kept): every reference to a variable of this scope is expanded;
    /// a reference to one it lacks (`$CI_PROJECT_DIR`, `$CI_BUILDS_DIR`: only the runner knows
    /// where the job runs) stays for the runner to expand in the job's environment, where
    /// ``JobVariable/environment(_:runner:)`` does it. What was substituted has its `$` doubled and
    /// `$$` stays `$$`, so the runner's single pass leaves literal text literal.
    public func runnerVariables() -> [JobVariable] {
        var forms: [String: String] = [:]
        var visiting: Set<String> = []
        // The value in "expandable" form: the runner's pass turns it into the final value.
        func form(_ name: String) -> String? {
            if let f = forms[name] { return f }
            guard let entry = entries[name] else { return nil }
            guard entry.expand else {
                let f = JobVariable.escape(entry.value)
                forms[name] = f
                return f
            }
            if visiting.contains(name) { return "${\(name)}" }
            visiting.insert(name)
            let f = JobVariable.expandKeepingUnknown(entry.value) { ref in visiting.contains(ref) ? nil : form(ref) }
            visiting.remove(name)
            forms[name] = f
            return f
        }
        return names.map { name in
            let entry = entries[name]!
            return entry.expand ? JobVariable(key: name, value: form(name) ?? "", raw: false)
                                : JobVariable(key: name, value: entry.value, raw: true)
        }
    }
}
