import GantryYAML

/// `only:` / `except:` (`Entry::Policy`): a list of refs, or `{refs, variables, changes, kubernetes}`.
enum PolicyValidator {
    /// `scope` is the policy location (`jobs:build:only`).
    static func validate(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        if node.sequence != nil {
            if !NodeChecks.isArrayOfStringsOrRegexps(node) {
                scope.config("should be an array of strings or regular expressions using re2 syntax", at: node.mark,
                             into: &diagnostics)
            }
            return
        }
        guard let map = node.mapping else {
            diagnostics.error(node.mark, scope.bare("has to be either an array of conditions or a hash"))
            return
        }
        if map.isEmpty { scope.config("can't be blank", at: node.mark, into: &diagnostics) }
        NodeChecks.checkAllowedKeys(map, KeywordLists.policyKeys, scope: scope, into: &diagnostics)
        if let refs = map["refs"], !refs.isNull, !NodeChecks.isArrayOfStringsOrRegexps(refs) {
            scope.error("refs", "should be an array of strings or regular expressions using re2 syntax", at: refs.mark,
                        into: &diagnostics)
        }
        if let kubernetes = map["kubernetes"], !kubernetes.isNull, kubernetes.string != "active" {
            let shown = kubernetes.scalar?.value.asString ?? NodeChecks.describe(kubernetes)
            scope.error("kubernetes", "unknown value: \(shown)", at: kubernetes.mark, into: &diagnostics)
        }
        if let variables = map["variables"], !variables.isNull {
            if let expressions = variables.sequence, NodeChecks.isArrayOfStrings(variables) {
                for expression in expressions {
                    NodeChecks.checkExpression(expression, attribute: "variables", scope: scope, into: &diagnostics)
                }
            } else {
                scope.error("variables", "should be an array of strings", at: variables.mark, into: &diagnostics)
            }
        }
        if let changes = map["changes"], !changes.isNull, !NodeChecks.isArrayOfStrings(changes) {
            scope.error("changes", "should be an array of strings", at: changes.mark, into: &diagnostics)
        }
    }
}
