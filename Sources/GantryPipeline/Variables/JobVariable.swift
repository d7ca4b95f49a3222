/// One variable of a job as a server hands it to a runner (the `variables` of GitLab's job
/// payload): `value` has what the server knew expanded and keeps references to what only the
/// runner knows; `raw` values are never expanded again (GitLab's `raw`, YAML's `expand: false`,
/// and every predefined value).
public struct JobVariable: Sendable, Equatable {
    public var key: String
    public var value: String
    public var raw: Bool

    public init(key: String, value: String, raw: Bool = false) {
        self.key = key
        self.value = value
        self.raw = raw
    }

    /// The job's environment, built where the job runs: the runner's own variables (`runner`:
    /// CI_PROJECT_DIR and CI_BUILDS_DIR of this job's directory, CI_CONCURRENT_ID ...), then the
    /// job's, later ones winning; every value not `raw` expanded once against that list, as GitLab
    /// Runner's `JobVariables.Expand` does (`$$` gives `$`, a name nobody defines gives nothing).
    public static func environment(_ variables: [JobVariable], runner: [(String, String)]) -> [String: String] {
        var final: [String: JobVariable] = [:]
        for (k, v) in runner { final[k] = JobVariable(key: k, value: v, raw: true) }
        for v in variables { final[v.key] = v }
        let values = final.mapValues(\.value)
        return final.mapValues { v in v.raw ? v.value : VariableExpander.expand(v.value, with: { values[$0] }) }
    }

    /// `text` with each `$` doubled: after one expansion it reads as `text` again.
    static func escape(_ text: String) -> String {
        text.utf8.contains(UInt8(ascii: "$")) ? text.replacing("$", with: "$$") : text
    }

    /// `text` expanded with `lookup` (which returns the expandable form of a name, or nil when the
    /// name is not known here), keeping `$$` and unknown references as written for a later pass.
    static func expandKeepingUnknown(_ text: String, lookup: (String) -> String?) -> String {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return text }
        // `$$` is held as NUL (which no environment value can contain) through the expander,
        // which would otherwise turn it into `$`.
        let held = text.replacing("\0", with: "").replacing("$$", with: "\0")
        let expanded = VariableExpander.expand(held, with: { name in lookup(name) ?? "${\(name)}" })
        return expanded.replacing("\0", with: "$$")
    }
}
