import GantryYAML

/// `environment:` (`Entry::Environment`, `Entry::Kubernetes`).
enum EnvironmentValidator {
    static let nameMessage =
        "can contain only letters, digits, '-', '_', '/', '$', '{', '}', '.', and spaces, but it cannot start or end with '/'"

    /// `scope` is the environment location (`jobs:deploy:environment`).
    static func validate(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        if let name = node.string {
            checkName(name, node: node, scope: scope, into: &diagnostics)
            return
        }
        guard let map = node.mapping else {
            scope.config("should be a hash or a string", at: node.mark, into: &diagnostics)
            return
        }
        NodeChecks.checkAllowedKeys(map, KeywordLists.environmentKeys, scope: scope, into: &diagnostics)
        if let name = map["name"], !NodeChecks.isBlank(name) {
            if let text = name.string {
                checkName(text, node: name, scope: scope, into: &diagnostics)
            } else {
                scope.error("name", nameMessage, at: name.mark, into: &diagnostics)
            }
        } else {
            scope.error("name", "can't be blank", at: map["name"]?.mark ?? node.mark, into: &diagnostics)
        }
        if let url = map["url"], !url.isNull {
            if let text = url.string {
                if text.count > 255 {
                    scope.error("url", "is too long (maximum is 255 characters)", at: url.mark, into: &diagnostics)
                }
            } else {
                scope.error("url", "should be a string", at: url.mark, into: &diagnostics)
            }
        }
        if let action = map["action"], !action.isNull {
            if !NodeChecks.isString(action) {
                scope.error("action", "should be a string", at: action.mark, into: &diagnostics)
            }
            if action.string.map(KeywordLists.environmentActions.contains) != true {
                scope.error("action", "should be start, stop, prepare, verify, or access", at: action.mark,
                            into: &diagnostics)
            }
        }
        if let tier = map["deployment_tier"], !tier.isNull {
            if !NodeChecks.isString(tier) {
                scope.error("deployment_tier", "should be a string", at: tier.mark, into: &diagnostics)
            }
            if tier.string.map(KeywordLists.deploymentTiers.contains) != true {
                scope.error("deployment_tier", "must be one of production, staging, testing, development, or other",
                            at: tier.mark, into: &diagnostics)
            }
        }
        NodeChecks.checkString(map, "on_stop", scope: scope, into: &diagnostics)
        NodeChecks.checkString(map, "auto_stop_in", scope: scope, into: &diagnostics)
        if let kubernetes = map["kubernetes"], !kubernetes.isNull {
            validateKubernetes(kubernetes, scope: scope, into: &diagnostics)
        }
    }

    /// `Gitlab::Regex.environment_name_regex`.
    private static func checkName(_ name: String, node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        if NodeChecks.isBlank(node) {
            scope.error("name", "can't be blank", at: node.mark, into: &diagnostics)
            return
        }
        func allowed(_ c: Character) -> Bool {
            (c.isASCII && (c.isLetter || c.isNumber)) || "_/${}. -".contains(c)
        }
        if !name.allSatisfy(allowed) || name.hasPrefix("/") || name.hasSuffix("/") {
            scope.error("name", nameMessage, at: node.mark, into: &diagnostics)
        }
    }

    private static func validateKubernetes(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else {
            scope.error("kubernetes", "should be a hash", at: node.mark, into: &diagnostics)
            return
        }
        let kubernetes = scope.child("kubernetes")
        if map.isEmpty { kubernetes.config("can't be blank", at: node.mark, into: &diagnostics) }
        NodeChecks.checkAllowedKeys(map, KeywordLists.kubernetesKeys, scope: kubernetes, into: &diagnostics)
        for key in ["namespace", "agent", "flux_resource_path"] {
            NodeChecks.checkString(map, key, scope: kubernetes, into: &diagnostics)
        }
    }
}
