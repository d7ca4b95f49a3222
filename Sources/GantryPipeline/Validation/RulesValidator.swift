import GantryYAML

/// `rules:` of jobs, of `workflow:` and of `include:` (`Entry::Rules`, `Entry::Rules::Rule`, `Rule::Changes`,
/// `Rule::Exists`, `Entry::Include::Rules::Rule`) and `auto_cancel:`.
enum RulesValidator {
    enum Place {
        case job, workflow, include

        var allowedKeys: Set<String> {
            switch self {
            case .job: return KeywordLists.jobRuleKeys
            case .workflow: return KeywordLists.workflowRuleKeys
            case .include: return KeywordLists.includeRuleKeys
            }
        }

        var allowedWhen: [String] {
            switch self {
            case .job: return KeywordLists.ruleWhen
            case .workflow: return KeywordLists.workflowRuleWhen
            case .include: return KeywordLists.includeRuleWhen
            }
        }
    }

    /// `scope` is the `rules` location (`jobs:build:rules`, `workflow:rules`). Include rules must already be
    /// known to be an array of hashes.
    static func validate(_ node: Node, place: Place, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        if place != .include {  // the include entry checks its own rules' type
            if NodeChecks.isBlank(node) {
                scope.config("can't be blank", at: node.mark, into: &diagnostics)
            }
            guard node.sequence != nil else {
                scope.config("should be an array", at: node.mark, into: &diagnostics)
                return
            }
        }
        let ruleScope = scope.child("rule")
        for rule in NodeChecks.flattened(node) {
            validateRule(rule, place: place, scope: ruleScope, into: &diagnostics)
        }
    }

    private static func validateRule(_ node: Node, place: Place, scope: ValidationScope,
                                     into diagnostics: inout Diagnostics) {
        if NodeChecks.isBlank(node) {
            scope.config("can't be blank", at: node.mark, into: &diagnostics)
        }
        guard let map = node.mapping else {
            if !node.isNull { scope.config("should be a hash", at: node.mark, into: &diagnostics) }
            return
        }
        NodeChecks.checkAllowedKeys(map, place.allowedKeys, scope: scope, into: &diagnostics)

        if let condition = map["if"], !condition.isNull {
            NodeChecks.checkExpression(condition, attribute: "if", scope: scope, into: &diagnostics)
        }
        let when = map["when"]
        if let when, !when.isNull {
            let text = when.scalar?.value.asString ?? ""
            if when.scalar == nil || !place.allowedWhen.contains(text) {
                let shown = when.scalar == nil ? NodeChecks.describe(when) : text
                scope.error("when", "unknown value: \(shown)", at: when.mark, into: &diagnostics)
            }
        }
        if let changes = map["changes"], !changes.isNull {
            validateChanges(changes, scope: scope.child("changes"), into: &diagnostics)
        }
        if let exists = map["exists"] {
            validateExists(exists, limitPaths: place != .include, scope: scope.child("exists"), into: &diagnostics)
        }
        guard place != .include else { return }

        if when?.string == "delayed" {
            if let startIn = map["start_in"], !NodeChecks.isBlank(startIn) {
                DurationCheck.check(startIn, attribute: "start_in", scope: scope, limit: DurationCheck.oneWeek,
                                    into: &diagnostics)
            } else {
                scope.error("start_in", "can't be blank", at: map["start_in"]?.mark ?? when!.mark, into: &diagnostics)
            }
        } else if let startIn = map.entry("start_in") {
            scope.config("contains disallowed keys: start_in", at: startIn.keyMark, into: &diagnostics)
        }
        NodeChecks.checkBoolean(map, "allow_failure", scope: scope, into: &diagnostics)
        NodeChecks.checkBoolean(map, "interruptible", scope: scope, into: &diagnostics)
        if let variables = map["variables"], !variables.isNull {
            VariablesValidator.validate(variables, scope: scope.child("variables"), allowedData: [], into: &diagnostics)
        }
        if let needs = map["needs"], !needs.isNull {
            _ = NeedsValidator.validate(needs, allowedTypes: ["job"], scope: scope.child("needs"), into: &diagnostics)
        }
        if let autoCancel = map["auto_cancel"], !autoCancel.isNull {
            validateAutoCancel(autoCancel, scope: scope.child("auto_cancel"), into: &diagnostics)
        }
    }

    /// `Rule::Changes`: a list of paths, or `{paths, compare_to}`; at most 50 paths.
    static func validateChanges(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        if node.sequence != nil {
            checkPaths(node, attribute: "config", scope: scope, into: &diagnostics)
        } else if let map = node.mapping {
            NodeChecks.checkAllowedKeys(map, ["paths", "compare_to"], scope: scope, into: &diagnostics)
            NodeChecks.checkRequiredKeys(map, ["paths"], mark: node.mark, scope: scope, into: &diagnostics)
            if let paths = map["paths"] {
                checkPaths(paths, attribute: "paths", scope: scope, into: &diagnostics)
            }
            NodeChecks.checkString(map, "compare_to", scope: scope, into: &diagnostics)
        } else {
            diagnostics.error(node.mark, scope.bare("should be an array or a hash"))
        }
    }

    /// `Rule::Exists`: a path, a list of paths, or `{paths, project, ref}`.
    static func validateExists(_ node: Node, limitPaths: Bool, scope: ValidationScope,
                               into diagnostics: inout Diagnostics) {
        if NodeChecks.isString(node) || NodeChecks.isBlank(node) { return }
        if node.sequence != nil {
            checkPaths(node, attribute: "config", scope: scope, limit: limitPaths, into: &diagnostics)
        } else if let map = node.mapping {
            NodeChecks.checkAllowedKeys(map, ["paths", "project", "ref"], scope: scope, into: &diagnostics)
            NodeChecks.checkRequiredKeys(map, ["paths"], mark: node.mark, scope: scope, into: &diagnostics)
            if map["ref"] != nil && map["ref"]?.isNull == false {
                NodeChecks.checkRequiredKeys(map, ["project"], mark: node.mark, scope: scope, into: &diagnostics)
            }
            if let paths = map["paths"], !paths.isNull {
                checkPaths(paths, attribute: "paths", scope: scope, into: &diagnostics)
            }
            NodeChecks.checkString(map, "project", scope: scope, into: &diagnostics)
            NodeChecks.checkString(map, "ref", scope: scope, into: &diagnostics)
        } else {
            diagnostics.error(node.mark, scope.bare("should be a string, an array of strings, or a hash"))
        }
    }

    private static func checkPaths(_ node: Node, attribute: String, scope: ValidationScope, limit: Bool = true,
                                   into diagnostics: inout Diagnostics) {
        if !NodeChecks.isArrayOfStrings(node) {
            scope.error(attribute, "should be an array of strings", at: node.mark, into: &diagnostics)
        }
        if limit, let items = node.sequence, items.count > 50 {
            scope.error(attribute, "has too many entries (maximum 50)", at: items[50].mark, into: &diagnostics)
        }
    }

    /// `auto_cancel:` of `workflow:` and of workflow rules.
    static func validateAutoCancel(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else {
            scope.config("should be a hash", at: node.mark, into: &diagnostics)
            return
        }
        NodeChecks.checkAllowedKeys(map, KeywordLists.autoCancelKeys, scope: scope, into: &diagnostics)
        let choices: [(String, [String])] = [
            ("on_new_commit", KeywordLists.autoCancelOnNewCommit), ("on_job_failure", KeywordLists.autoCancelOnJobFailure),
        ]
        for (key, allowed) in choices {
            guard let value = map[key], !value.isNull else { continue }
            if !NodeChecks.isString(value) {
                scope.error(key, "should be a string", at: value.mark, into: &diagnostics)
            }
            if value.string.map(allowed.contains) != true {
                scope.error(key, "must be one of: " + allowed.joined(separator: ", "), at: value.mark, into: &diagnostics)
            }
        }
    }
}
