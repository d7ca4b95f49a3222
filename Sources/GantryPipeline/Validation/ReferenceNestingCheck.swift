import GantryYAML

/// GitLab puts the list a `!reference` brings in *inside* the list that holds it, where Gantry
/// splices it in. A script is limited to 10 levels of nested lists, so one assembled from
/// references can be too deep for GitLab while it looks flat here; this counts the levels as
/// GitLab does, from the configuration before references were resolved.
struct ReferenceNestingCheck {
    /// The configuration after `extends`, references still in place.
    let root: Mapping
    private var depths: [[String]: Int] = [:]

    init(root: Mapping) { self.root = root }

    /// Reports, with `Commands`' message, script keys within the limit once spliced but not as
    /// GitLab nests them. `resolved` is the same configuration with references replaced.
    mutating func check(resolved: Mapping, into diagnostics: inout Diagnostics) {
        for entry in root.entries {
            switch entry.key {
            case "before_script", "after_script":
                check(entry.value, resolved[entry.key], scope: ValidationScope(entry.key), into: &diagnostics)
            case "default":
                checkCommands(of: entry.value, resolved[entry.key], scope: ValidationScope("default"), into: &diagnostics)
            case _ where ConfigLoader.reservedKeys.contains(entry.key) || entry.key.hasPrefix("."):
                continue
            default:
                checkCommands(of: entry.value, resolved[entry.key], scope: ValidationScope("jobs").child(entry.key),
                              into: &diagnostics)
            }
        }
    }

    private mutating func checkCommands(of job: Node, _ resolved: Node?, scope: ValidationScope,
                                        into diagnostics: inout Diagnostics) {
        guard let map = job.mapping, let resolvedMap = resolved?.mapping else { return }
        for key in ["script", "before_script", "after_script"] {
            if let value = map[key] { check(value, resolvedMap[key], scope: scope.child(key), into: &diagnostics) }
        }
        if let hooks = map["hooks"]?.mapping, let resolvedHooks = resolvedMap["hooks"]?.mapping {
            for key in KeywordLists.hookKeys {
                if let value = hooks[key] {
                    check(value, resolvedHooks[key], scope: scope.child("hooks").child(key), into: &diagnostics)
                }
            }
        }
    }

    private mutating func check(_ original: Node, _ resolved: Node?, scope: ValidationScope,
                                into diagnostics: inout Diagnostics) {
        // Deeper once spliced too: `Commands` validation reports it already.
        guard let resolved, NodeChecks.isStringOrNestedArrayOfStrings(resolved) else { return }
        let limit = KeywordLists.maxNestingLevel
        guard depth(original, chain: []) > limit else { return }
        scope.config("should be a string or a nested array of strings up to \(limit) levels deep "
                     + "(GitLab nests the list each `!reference` brings in one level deeper)",
                     at: original.mark, into: &diagnostics)
    }

    /// Levels of lists as GitLab builds them: a reference counts as the value it points at.
    private mutating func depth(_ node: Node, chain: [[String]]) -> Int {
        if node.tag == ReferenceResolver.tag {
            guard let path = node.sequence?.compactMap(\.string), !path.isEmpty,
                  chain.count <= ReferenceResolver.maxNesting, !chain.contains(path) else { return 0 }
            if let known = depths[path] { return known }
            var target: Node? = root[path[0]]
            for key in path.dropFirst() { target = target?.mapping?[key] }
            let found = target.map { depth($0, chain: chain + [path]) } ?? 0
            depths[path] = found
            return found
        }
        guard let items = node.sequence else { return 0 }
        var deepest = 0
        for item in items { deepest = max(deepest, depth(item, chain: chain)) }
        return 1 + deepest
    }
}
