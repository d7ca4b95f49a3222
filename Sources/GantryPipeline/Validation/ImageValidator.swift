import GantryYAML

/// `image:` and `services:` (`Entry::Image`, `Entry::Services`, `Entry::Service`, `Imageable`, `PullPolicy`).
enum ImageValidator {
    /// `scope` is the image's own location (`jobs:build:image`).
    static func validateImage(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        validateImageable(node, allowed: KeywordLists.imageKeys, scope: scope, into: &diagnostics)
    }

    /// `scope` is the services' location (`jobs:build:services`); each one is `...:services:service`.
    static func validateServices(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard node.sequence != nil else {
            scope.config("should be an array", at: node.mark, into: &diagnostics)
            return
        }
        let serviceScope = scope.child("service")
        for service in NodeChecks.flattened(node) {
            validateImageable(service, allowed: KeywordLists.serviceKeys, scope: serviceScope, into: &diagnostics)
            guard let map = service.mapping else { continue }
            NodeChecks.checkString(map, "alias", scope: serviceScope, into: &diagnostics)
            if let command = map["command"], !command.isNull {
                NodeChecks.checkCommands(command, scope: serviceScope.child("command"), into: &diagnostics)
            }
            if let variables = map["variables"], !variables.isNull {
                VariablesValidator.validate(variables, scope: serviceScope.child("variables"), allowedData: [],
                                            into: &diagnostics)
            }
        }
    }

    private static func validateImageable(_ node: Node, allowed: Set<String>, scope: ValidationScope,
                                          into diagnostics: inout Diagnostics) {
        if NodeChecks.isString(node) {
            if NodeChecks.isBlank(node) { scope.error("name", "can't be blank", at: node.mark, into: &diagnostics) }
            return
        }
        guard let map = node.mapping else {
            scope.config("should be a hash or a string", at: node.mark, into: &diagnostics)
            return
        }
        NodeChecks.checkAllowedKeys(map, allowed, scope: scope, into: &diagnostics)
        if let ports = map.entry("ports"), !ports.value.isNull {
            scope.config("contains disallowed keys: ports", at: ports.keyMark, into: &diagnostics)
        }
        let name = map["name"]
        if name == nil || !NodeChecks.isString(name!) {
            scope.error("name", "should be a string", at: name?.mark ?? node.mark, into: &diagnostics)
        }
        if name == nil || NodeChecks.isBlank(name!) {
            scope.error("name", "can't be blank", at: name?.mark ?? node.mark, into: &diagnostics)
        }
        if let entrypoint = map["entrypoint"], !entrypoint.isNull, !NodeChecks.isArrayOfStrings(entrypoint) {
            scope.error("entrypoint", "should be an array of strings", at: entrypoint.mark, into: &diagnostics)
        }
        if let docker = map["docker"], !docker.isNull {
            validateDocker(docker, scope: scope, into: &diagnostics)
        }
        if let policy = map["pull_policy"], !policy.isNull {
            validatePullPolicy(policy, scope: scope.child("pull_policy"), into: &diagnostics)
        }
    }

    /// `executor_opts.json`: `docker:` takes `platform` (1-64 characters) and `user` (1-255).
    private static func validateDocker(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else {
            scope.error("executor_opts", "value at `/docker` is not an object", at: node.mark, into: &diagnostics)
            return
        }
        for entry in map.entries {
            guard KeywordLists.dockerOptionKeys.contains(entry.key) else {
                scope.error("executor_opts", "object property at `/docker/\(entry.key)` is a disallowed additional property",
                            at: entry.keyMark, into: &diagnostics)
                continue
            }
            let maxLength = entry.key == "platform" ? 64 : 255
            if let text = entry.value.string {
                if text.isEmpty || text.count > maxLength {
                    let bound = text.isEmpty ? "shorter than 1" : "longer than \(maxLength)"
                    scope.error("executor_opts", "string length at `/docker/\(entry.key)` is \(bound)",
                                at: entry.value.mark, into: &diagnostics)
                }
            } else {
                scope.error("executor_opts", "value at `/docker/\(entry.key)` is not a string",
                            at: entry.value.mark, into: &diagnostics)
            }
        }
    }

    /// `PullPolicy`: `always`, `never`, `if-not-present`, alone or in a list.
    private static func validatePullPolicy(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard NodeChecks.isArrayOfStringsOrString(node) else {
            scope.config("should be an array of strings or a string", at: node.mark, into: &diagnostics)
            return
        }
        if let items = node.sequence {
            if items.isEmpty { scope.config("can't be blank", at: node.mark, into: &diagnostics) }
            let unknown = items.compactMap(\.string).filter { !KeywordLists.pullPolicies.contains($0) }
            if !unknown.isEmpty {
                scope.config("contains unknown values: " + unknown.joined(separator: ", "), at: node.mark,
                             into: &diagnostics)
            }
        } else if let policy = node.string, !KeywordLists.pullPolicies.contains(policy) {
            scope.config("is not included in the list", at: node.mark, into: &diagnostics)
        }
    }
}
