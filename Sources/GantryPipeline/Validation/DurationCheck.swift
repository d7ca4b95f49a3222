import GantryYAML

/// GitLab's `DurationValidator`: the value must be a string ChronicDuration reads as a non-zero
/// duration, within an optional limit.
enum DurationCheck {
    static let oneWeek = 7 * 24 * 3600
    /// `Project::MAX_BUILD_TIMEOUT` is one month (`1.month` in Rails: 30.436875 days).
    static let maxTimeout = 2_629_746

    /// Reports on `attribute` of `scope` (`jobs:build start in should be a duration`). `allowNever` is
    /// `Gitlab::Ci::Build::DurationParser`, used for `expire_in`.
    static func check(_ node: Node, attribute: String, scope: ValidationScope, limit: Int? = nil,
                      allowNever: Bool = false, into diagnostics: inout Diagnostics) {
        guard let text = node.string else {
            scope.error(attribute, "should be a duration", at: node.mark, into: &diagnostics)
            return
        }
        if allowNever && DurationParser.isNever(text) { return }
        guard let seconds = DurationParser.exactSeconds(text) else {
            scope.error(attribute, "should be a duration", at: node.mark, into: &diagnostics)
            return
        }
        if let limit, seconds > Double(limit) {
            scope.error(attribute, "should not exceed the limit", at: node.mark, into: &diagnostics)
        } else if !DurationParser.isWithinLimit(seconds) {
            // Gantry's own bound, so that no date or clock arithmetic can overflow later.
            scope.error(attribute, "should not exceed the limit of \(DurationParser.maxDescription)", at: node.mark,
                        into: &diagnostics)
        }
    }
}
