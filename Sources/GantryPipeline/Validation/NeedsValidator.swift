import GantryYAML

/// `needs:` (`Entry::Needs`, `Entry::Need` and EE's cross-project and upstream-pipeline needs).
enum NeedsValidator {
    /// What the needs are, for the checks that look at them together with other keywords.
    struct Summary {
        /// Names of same-pipeline jobs (`needs: [a]`, `needs: [{job: a}]`).
        var jobNames: [String] = []
        var count = 0
        var types: [String] = []
        var bridgeCount = 0
    }

    /// `allowedTypes`: `job` and `cross_dependency` for jobs, `job` and `bridge` for trigger jobs,
    /// `job` in rules. `scope` is the needs location (`jobs:build:needs`).
    @discardableResult
    static func validate(_ node: Node, allowedTypes: Set<String>, scope: ValidationScope,
                         into diagnostics: inout Diagnostics) -> Summary {
        var summary = Summary()
        if NodeChecks.isBlank(node) && node.sequence == nil {
            scope.config("can't be blank", at: node.mark, into: &diagnostics)
        }
        guard node.sequence != nil || node.mapping != nil else {
            scope.config("can only be a hash or an array", at: node.mark, into: &diagnostics)
            return summary
        }
        let needScope = scope.child("need")
        let needs = node.mapping != nil ? [node] : NodeChecks.flattened(node)
        summary.count = needs.count
        for need in needs {
            guard let type = validateNeed(need, scope: needScope, summary: &summary, into: &diagnostics) else {
                continue
            }
            if !summary.types.contains(type) { summary.types.append(type) }
            if type == "bridge" { summary.bridgeCount += 1 }
        }
        let invalid = summary.types.filter { !allowedTypes.contains($0) }
        if !invalid.isEmpty {
            scope.config("uses invalid types: " + invalid.joined(separator: ", "), at: node.mark, into: &diagnostics)
        }
        return summary
    }

    /// Checks one need and returns its type, nil when it has none.
    private static func validateNeed(_ need: Node, scope: ValidationScope, summary: inout Summary,
                                     into diagnostics: inout Diagnostics) -> String? {
        if let name = need.string {
            if NodeChecks.isBlank(need) { scope.config("can't be blank", at: need.mark, into: &diagnostics) }
            summary.jobNames.append(name)
            return "job"
        }
        guard let map = need.mapping else {
            diagnostics.error(need.mark, scope.bare("has an unsupported type"))
            return nil
        }
        let has = { (key: String) in map.contains(key) }
        if has("job") && !has("project") && !has("ref") && !has("pipeline") {
            NodeChecks.checkAllowedKeys(map, ["job", "artifacts", "optional", "parallel"], scope: scope, into: &diagnostics)
            requireString(map, "job", at: need.mark, scope: scope, into: &diagnostics)
            NodeChecks.checkBoolean(map, "artifacts", scope: scope, into: &diagnostics)
            NodeChecks.checkBoolean(map, "optional", scope: scope, into: &diagnostics)
            if let parallel = map["parallel"], !parallel.isNull {
                ParallelValidator.validate(parallel, matrixOnly: true, scope: scope.child("parallel"), into: &diagnostics)
            }
            if let name = map["job"]?.string { summary.jobNames.append(name) }
            return "job"
        }
        if has("job") && has("pipeline") && !has("project") {
            NodeChecks.checkAllowedKeys(map, ["pipeline", "job", "artifacts"], scope: scope, into: &diagnostics)
            requireString(map, "pipeline", at: need.mark, scope: scope, into: &diagnostics)
            requireString(map, "job", at: need.mark, scope: scope, into: &diagnostics)
            NodeChecks.checkBoolean(map, "artifacts", scope: scope, into: &diagnostics)
            return "cross_dependency"
        }
        if !has("job") && !has("project") {
            NodeChecks.checkAllowedKeys(map, ["pipeline"], scope: scope, into: &diagnostics)
            requireString(map, "pipeline", at: need.mark, scope: scope, into: &diagnostics)
            return "bridge"
        }
        NodeChecks.checkAllowedKeys(map, ["project", "ref", "job", "artifacts"], scope: scope, into: &diagnostics)
        for key in ["project", "ref", "job"] {
            requireString(map, key, at: need.mark, scope: scope, into: &diagnostics)
        }
        NodeChecks.checkBoolean(map, "artifacts", scope: scope, into: &diagnostics)
        return "cross_dependency"
    }

    /// `validates :key, type: String, presence: true`.
    private static func requireString(_ map: Mapping, _ key: String, at mark: SourceMark, scope: ValidationScope,
                                      into diagnostics: inout Diagnostics) {
        let value = map[key]
        if let value, !value.isNull, !NodeChecks.isString(value) {
            scope.error(key, "should be a string", at: value.mark, into: &diagnostics)
        } else if value == nil || NodeChecks.isBlank(value!) {
            scope.error(key, "can't be blank", at: value?.mark ?? mark, into: &diagnostics)
        }
    }
}
