import GantryYAML

/// The top-level keywords that are not jobs, with GitLab's messages (`Entry::Root`, `Entry::Default`,
/// `Entry::Workflow`, `Entry::Stages`, `Entry::Variables`, `Entry::Includes`).
public enum GlobalValidator {
    /// Top-level keywords that are not jobs: stages, variables, default, workflow, include, and the
    /// deprecated globals image, services, cache, before_script, after_script. `key` is one of those.
    public static let keywords: Set<String> = [
        "stages", "variables", "default", "workflow", "include",
        "image", "services", "cache", "before_script", "after_script",
    ]

    public static func validate(key: String, keyMark: SourceMark, value: Node, into diagnostics: inout Diagnostics) {
        guard !value.isNull else { return }  // unspecified: GitLab's defaults apply
        let scope = ValidationScope(key)
        switch key {
        case "stages":
            if !NodeChecks.isNestedArray(value, maxLevel: KeywordLists.maxNestingLevel, element: NodeChecks.isString) {
                scope.config("should be an array of strings or a nested array of strings up to "
                             + "\(KeywordLists.maxNestingLevel) levels deep", at: value.mark, into: &diagnostics)
            }
        case "variables":
            VariablesValidator.validate(value, scope: scope, allowedData: KeywordLists.globalVariableData,
                                        into: &diagnostics)
        case "default":
            validateDefault(value, scope: scope, into: &diagnostics)
        case "workflow":
            validateWorkflow(value, scope: scope, into: &diagnostics)
        case "include":
            IncludeValidator.validate(value, scope: scope, into: &diagnostics)
        case "image":
            ImageValidator.validateImage(value, scope: scope, into: &diagnostics)
        case "services":
            ImageValidator.validateServices(value, scope: scope, into: &diagnostics)
        case "cache":
            CacheValidator.validate(value, parent: ValidationScope(""), into: &diagnostics)
        case "before_script", "after_script":
            NodeChecks.checkCommands(value, scope: scope, into: &diagnostics)
        default:
            break
        }
    }

    /// The keywords `default:` inherits from the top level, in `Entry::Default`'s order.
    static let inheritedFromTopLevel = ["before_script", "image", "services", "after_script", "cache"]

    /// `Entry::Default#overwrite_entry`: a keyword may be set at the top level or in `default:`, not both.
    static func checkDefaultDuplicates(_ root: Mapping, into diagnostics: inout Diagnostics) {
        guard let defaults = root["default"]?.mapping else { return }
        for key in inheritedFromTopLevel {
            guard let top = root[key], !top.isNull, let entry = defaults.entry(key), !entry.value.isNull else { continue }
            diagnostics.error(entry.keyMark, "\(key) is defined in top-level and `default:` entry")
        }
    }

    /// `default:` holds the keywords jobs inherit.
    private static func validateDefault(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else {
            scope.config("should be a hash", at: node.mark, into: &diagnostics)
            return
        }
        NodeChecks.checkAllowedKeys(map, KeywordLists.defaultKeys, scope: scope, into: &diagnostics)
        for entry in map.entries where !entry.value.isNull {
            let value = entry.value
            let child = scope.child(entry.key)
            switch entry.key {
            case "before_script", "after_script": NodeChecks.checkCommands(value, scope: child, into: &diagnostics)
            case "hooks": SimpleEntries.hooks(value, scope: child, into: &diagnostics)
            case "cache": CacheValidator.validate(value, parent: scope, into: &diagnostics)
            case "image": ImageValidator.validateImage(value, scope: child, into: &diagnostics)
            case "services": ImageValidator.validateServices(value, scope: child, into: &diagnostics)
            case "interruptible": NodeChecks.checkBooleanEntry(value, scope: child, into: &diagnostics)
            case "timeout": SimpleEntries.timeout(value, scope: child, into: &diagnostics)
            case "retry": RetryValidator.validate(value, scope: child, into: &diagnostics)
            case "tags": SimpleEntries.tags(value, scope: child, into: &diagnostics)
            case "artifacts": ArtifactsValidator.validate(value, scope: child, into: &diagnostics)
            case "id_tokens": SimpleEntries.idTokens(value, scope: child, into: &diagnostics)
            default: break
            }
        }
    }

    /// `workflow: {rules, name, auto_cancel}`; its rules take `when: always|never` only.
    private static func validateWorkflow(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else {
            scope.config("should be a hash", at: node.mark, into: &diagnostics)
            return
        }
        NodeChecks.checkAllowedKeys(map, KeywordLists.workflowKeys, scope: scope, into: &diagnostics)
        if let name = map["name"], !name.isNull {
            if let scalar = name.scalar {
                if scalar.value.asString.count > 255 {
                    scope.error("name", "is too long (maximum is 255 characters)", at: name.mark, into: &diagnostics)
                }
            } else {
                scope.error("name", "should be a string", at: name.mark, into: &diagnostics)
            }
        }
        if let rules = map["rules"], !rules.isNull {
            RulesValidator.validate(rules, place: .workflow, scope: scope.child("rules"), into: &diagnostics)
        }
        if let autoCancel = map["auto_cancel"], !autoCancel.isNull {
            RulesValidator.validateAutoCancel(autoCancel, scope: scope.child("auto_cancel"), into: &diagnostics)
        }
    }
}
