import GantryYAML

/// `retry:` (`Entry::Retry`): a number from 0 to 2, or `{max, when, exit_codes}`. GitLab names these
/// entries plainly `retry`; we keep the job's location in front (`jobs:test:retry max ...`).
enum RetryValidator {
    /// `scope` is the retry location (`jobs:test:retry`).
    static func validate(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        if NodeChecks.isInt(node) {
            checkMax(node, attribute: "config", scope: scope, into: &diagnostics)
            return
        }
        guard let map = node.mapping else {
            diagnostics.error(node.mark, scope.message("config", "has to be either an integer or a hash"))
            return
        }
        NodeChecks.checkAllowedKeys(map, ["max", "when", "exit_codes"], scope: scope, into: &diagnostics)
        if let max = map["max"], !max.isNull {
            checkMax(max, attribute: "max", scope: scope, into: &diagnostics)
        }
        if let when = map["when"], !when.isNull {
            if let reasons = when.sequence, NodeChecks.isArrayOfStrings(when) {
                let unknown = reasons.compactMap(\.string).filter { !KeywordLists.retryWhen.contains($0) }
                if !unknown.isEmpty {
                    scope.error("when", "contains unknown values: " + unknown.joined(separator: ", "), at: when.mark,
                                into: &diagnostics)
                }
            } else if let reason = when.string {
                if !KeywordLists.retryWhen.contains(reason) {
                    scope.error("when", "is not included in the list", at: when.mark, into: &diagnostics)
                }
            } else {
                scope.error("when", "should be an array of strings or a string", at: when.mark, into: &diagnostics)
            }
        }
        if let codes = map["exit_codes"], !codes.isNull, !NodeChecks.isArrayOfIntegersOrInteger(codes) {
            scope.error("exit_codes", "should be an array of integers or an integer", at: codes.mark, into: &diagnostics)
        }
    }

    /// `numericality: { only_integer: true, greater_than_or_equal_to: 0, less_than_or_equal_to: 2 }`.
    private static func checkMax(_ node: Node, attribute: String, scope: ValidationScope,
                                 into diagnostics: inout Diagnostics) {
        switch node.scalar?.value {
        case .int(let n):
            if n < 0 {
                scope.error(attribute, "must be greater than or equal to 0", at: node.mark, into: &diagnostics)
            } else if n > KeywordLists.retryMax {
                scope.error(attribute, "must be less than or equal to \(KeywordLists.retryMax)", at: node.mark,
                            into: &diagnostics)
            }
        case .float:
            scope.error(attribute, "must be an integer", at: node.mark, into: &diagnostics)
        default:
            scope.error(attribute, "is not a number", at: node.mark, into: &diagnostics)
        }
    }
}
