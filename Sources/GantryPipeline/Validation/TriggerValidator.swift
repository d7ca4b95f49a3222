import GantryYAML

/// `trigger:` (`Entry::Trigger`, `Trigger::Forward`): a project path, `{project, branch, strategy, forward}`
/// for another project, or `{include, strategy, forward}` for a child pipeline.
enum TriggerValidator {
    /// `scope` is the trigger location (`jobs:deploy:trigger`).
    static func validate(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        if NodeChecks.isString(node) {
            if NodeChecks.isBlank(node) { scope.config("can't be blank", at: node.mark, into: &diagnostics) }
            return
        }
        guard let map = node.mapping else {
            diagnostics.error(node.mark, scope.bare("has to be either a string or a hash"))
            return
        }
        if map.isEmpty { scope.config("can't be blank", at: node.mark, into: &diagnostics) }
        if map.contains("include") {
            NodeChecks.checkAllowedKeys(map, KeywordLists.sameProjectTriggerKeys, scope: scope, into: &diagnostics)
            if let include = map["include"], !include.isNull {
                IncludeValidator.validate(include, scope: scope.child("include"), maxSize: KeywordLists.triggerIncludeLimit,
                                          into: &diagnostics)
            }
        } else {
            NodeChecks.checkAllowedKeys(map, KeywordLists.crossProjectTriggerKeys, scope: scope, into: &diagnostics)
            let project = map["project"]
            if let project, !project.isNull, !NodeChecks.isString(project) {
                scope.error("project", "should be a string", at: project.mark, into: &diagnostics)
            } else if project == nil || NodeChecks.isBlank(project!) {
                scope.error("project", "can't be blank", at: project?.mark ?? node.mark, into: &diagnostics)
            }
            NodeChecks.checkString(map, "branch", scope: scope, into: &diagnostics)
        }
        if let strategy = map["strategy"], !strategy.isNull {
            if !NodeChecks.isString(strategy) {
                scope.error("strategy", "should be a string", at: strategy.mark, into: &diagnostics)
            }
            if strategy.string.map(KeywordLists.triggerStrategies.contains) != true {
                scope.error("strategy", "should be depend or mirror", at: strategy.mark, into: &diagnostics)
            }
        }
        if let forward = map["forward"], !forward.isNull {
            let forwardScope = scope.child("forward")
            if let options = forward.mapping {
                NodeChecks.checkAllowedKeys(options, KeywordLists.triggerForwardKeys, scope: forwardScope, into: &diagnostics)
                for key in KeywordLists.triggerForwardKeys.sorted() {
                    NodeChecks.checkBoolean(options, key, scope: forwardScope, into: &diagnostics)
                }
            } else {
                forwardScope.config("should be a hash", at: forward.mark, into: &diagnostics)
            }
        }
        if let inputs = map["inputs"], !inputs.isNull, inputs.mapping == nil {
            scope.error("inputs", "should be a hash", at: inputs.mark, into: &diagnostics)
        }
    }
}
