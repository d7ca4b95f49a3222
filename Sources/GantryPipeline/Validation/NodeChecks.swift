import Foundation
import GantrySuggestion
import GantryYAML

/// Type tests on YAML nodes as GitLab's validators make them on the values Psych gave them
/// (`lib/gitlab/config/entry/validators.rb`, `legacy_validation_helpers.rb`). A quoted `"3.10"` is a
/// string; a plain `3.10` is a float and fails every "string" test.
enum NodeChecks {
    /// Ruby String or Symbol.
    static func isString(_ node: Node) -> Bool { node.string != nil }

    static func isBool(_ node: Node) -> Bool {
        if case .bool = node.scalar?.value { return true }
        return false
    }

    static func isInt(_ node: Node) -> Bool {
        if case .int = node.scalar?.value { return true }
        return false
    }

    static func isFloat(_ node: Node) -> Bool {
        if case .float = node.scalar?.value { return true }
        return false
    }

    static func intValue(_ node: Node) -> Int? {
        if case .int(let i) = node.scalar?.value { return i }
        return nil
    }

    static func isHash(_ node: Node) -> Bool { node.mapping != nil }
    static func isArray(_ node: Node) -> Bool { node.sequence != nil }

    /// String, Symbol or Integer (`AlphanumericValidator`).
    static func isAlphanumeric(_ node: Node) -> Bool { isString(node) || isInt(node) }

    /// String, Symbol, Integer, Float, true or false (`ScalarValidator`).
    static func isScalar(_ node: Node) -> Bool {
        switch node.scalar?.value {
        case .string, .int, .float, .bool: return true
        default: return false
        }
    }

    /// Rails' `blank?`: nil, false, whitespace-only text, empty arrays and hashes.
    static func isBlank(_ node: Node) -> Bool {
        switch node.content {
        case .sequence(let items): return items.isEmpty
        case .mapping(let map): return map.isEmpty
        case .scalar(let scalar):
            switch scalar.value {
            case .null: return true
            case .bool(let b): return !b
            case .string(let s): return s.allSatisfy { $0.isWhitespace }
            default: return false
            }
        }
    }

    static func isArrayOfStrings(_ node: Node) -> Bool {
        guard let items = node.sequence else { return false }
        return items.allSatisfy(isString)
    }

    static func isArrayOfStringsOrString(_ node: Node) -> Bool {
        isString(node) || isArrayOfStrings(node)
    }

    static func isArrayOfHashes(_ node: Node) -> Bool {
        guard let items = node.sequence else { return false }
        return items.allSatisfy(isHash)
    }

    static func isArrayOfIntegersOrInteger(_ node: Node) -> Bool {
        if isInt(node) { return true }
        guard let items = node.sequence else { return false }
        return items.allSatisfy(isInt)
    }

    /// `NestedArrayHelpers#validate_nested_array`: an array whose elements pass `element` or are arrays of
    /// such, `maxLevel` arrays deep at most.
    static func isNestedArray(_ node: Node, maxLevel: Int, element: (Node) -> Bool) -> Bool {
        guard node.sequence != nil else { return false }
        return nested(node, level: maxLevel, element: element)
    }

    private static func nested(_ node: Node, level: Int, element: (Node) -> Bool) -> Bool {
        if element(node) { return true }
        if let items = node.sequence, level > 0 {
            return items.allSatisfy { nested($0, level: level - 1, element: element) }
        }
        return false
    }

    /// `script:`-like values: a string or arrays of strings nested up to `maxLevel` deep.
    static func isStringOrNestedArrayOfStrings(_ node: Node, maxLevel: Int = KeywordLists.maxNestingLevel) -> Bool {
        isString(node) || isNestedArray(node, maxLevel: maxLevel, element: isString)
    }

    /// Flattens nested arrays (rules, stages, script lines) the way Ruby's `Array#flatten` does.
    static func flattened(_ node: Node) -> [Node] {
        guard let items = node.sequence else { return [node] }
        return items.flatMap(flattened)
    }

    /// Reports the unknown keys of a mapping in one message, on the first unknown key.
    static func checkAllowedKeys(_ map: Mapping, _ allowed: Set<String>, scope: ValidationScope,
                                 into diagnostics: inout Diagnostics) {
        let unknown = map.entries.filter { !allowed.contains($0.key) }
        guard let first = unknown.first else { return }
        let sorted = allowed.sorted()
        // A keyword in the wrong place (`image` in a trigger job) is no typo.
        let keywords = KeywordLists.jobKeys.union(ConfigLoader.reservedKeys)
        // The first few are enough, and keep a mapping of 40,000 unknown keys cheap.
        let suggestions = unknown.prefix(5).filter { !keywords.contains($0.key) }.compactMap { entry in
            Suggestion.closest(to: entry.key, among: sorted).map { "`\(entry.key)`: did you mean `\($0)`?" }
        }
        let hint = suggestions.isEmpty ? "" : " (" + suggestions.joined(separator: " ") + ")"
        scope.config("contains unknown keys: " + unknown.map(\.key).joined(separator: ", ") + hint,
                     at: first.keyMark, into: &diagnostics)
    }

    /// `RequiredKeysValidator`: reported on the mapping.
    static func checkRequiredKeys(_ map: Mapping, _ required: [String], mark: SourceMark, scope: ValidationScope,
                                  into diagnostics: inout Diagnostics) {
        let missing = required.filter { !map.contains($0) }
        guard !missing.isEmpty else { return }
        scope.config("missing required keys: " + missing.joined(separator: ", "), at: mark, into: &diagnostics)
    }

    /// `MutuallyExclusiveKeysValidator`, keys listed in the order the mapping has them.
    static func checkMutuallyExclusive(_ map: Mapping, _ keys: [String], scope: ValidationScope,
                                       into diagnostics: inout Diagnostics) {
        guard keys.filter(map.contains).count > 1 else { return }
        let present = map.entries.filter { keys.contains($0.key) }
        scope.config("these keys cannot be used together: " + present.map(\.key).joined(separator: ", "),
                     at: present[1].keyMark, into: &diagnostics)
    }

    /// A Ruby `true`/`false` check for an optional attribute (`BooleanValidator`).
    static func checkBoolean(_ map: Mapping, _ key: String, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let value = map[key], !value.isNull, !isBool(value) else { return }
        scope.error(key, "should be a boolean value", at: value.mark, into: &diagnostics)
    }

    /// `TypeValidator` with String for an optional attribute.
    static func checkString(_ map: Mapping, _ key: String, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let value = map[key], !value.isNull, !isString(value) else { return }
        scope.error(key, "should be a string", at: value.mark, into: &diagnostics)
    }

    /// A `Commands` entry (`script`, `before_script`, `after_script`, hooks, service `command`).
    static func checkCommands(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard !isStringOrNestedArrayOfStrings(node) else { return }
        scope.config("should be a string or a nested array of strings up to \(KeywordLists.maxNestingLevel) levels deep",
                     at: node.mark, into: &diagnostics)
    }

    /// A `Boolean` entry.
    static func checkBooleanEntry(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard !isBool(node) else { return }
        scope.config("should be a boolean value", at: node.mark, into: &diagnostics)
    }

    /// An `ArrayOfStrings` entry.
    static func checkArrayOfStringsEntry(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard !isArrayOfStrings(node) else { return }
        scope.config("should be an array of strings", at: node.mark, into: &diagnostics)
    }

    /// Words for a node in our own messages: `the float 3.1`, `a hash`.
    static func describe(_ node: Node) -> String {
        switch node.content {
        case .mapping: return "a hash"
        case .sequence: return "an array"
        case .scalar(let scalar):
            switch scalar.value {
            case .null: return "null"
            case .bool(let b): return "the boolean \(b)"
            case .int(let i): return "the integer \(i)"
            case .float: return "the float \(scalar.value.asString)"
            case .string(let s): return "the string \"\(s)\""
            case .timestamp(let s): return "the date \(s)"
            }
        }
    }

    /// `ExpressionValidator` (`rules:if`, `only:variables`): GitLab's "invalid expression syntax", with the
    /// parser's reason and column as detail, marked at that column when the scalar is on one line.
    static func checkExpression(_ node: Node, attribute: String, scope: ValidationScope,
                                into diagnostics: inout Diagnostics) {
        guard let text = node.string else {
            scope.error(attribute, "invalid expression syntax", at: node.mark, into: &diagnostics)
            return
        }
        do {
            _ = try RuleExpression(text)
        } catch {
            diagnostics.error(mark(of: node, column: error.column), scope.message(attribute, "invalid expression syntax")
                              + ": \(error.message) at column \(error.column) of `\(text)`" + bracedVariableHint(text, error))
        }
    }

    /// `${NAME}` works in scripts and most keywords but not in expressions, where GitLab's lexer
    /// knows only `$NAME`: say so when that is where the expression stopped.
    private static func bracedVariableHint(_ text: String, _ error: ExpressionError) -> String {
        let rest = text.unicodeScalars.dropFirst(error.column - 1)
        guard rest.starts(with: "${".unicodeScalars) else { return "" }
        let name = String(String.UnicodeScalarView(rest.dropFirst(2).prefix { $0 != "}" }))
        return "; write `$\(name)` instead of `${\(name)}`: expressions take variables only as `$NAME`"
    }

    /// The position of a column inside a one-line scalar (after its opening quote).
    static func mark(of node: Node, column: Int) -> SourceMark {
        guard let scalar = node.scalar, !scalar.text.contains("\n") else { return node.mark }
        var mark = node.mark
        switch scalar.style {
        case .plain: mark.column += column - 1
        case .singleQuoted, .doubleQuoted: mark.column += column
        case .literal, .folded: break
        }
        return mark
    }

    // MARK: Regular expressions

    /// Whether `/body/flags` is a regular expression RE2 accepts (the one regex engine of `Rules/`).
    static func isValidRegexp(_ text: String) -> Bool {
        guard let (pattern, flags) = GitLabRegex.splitLiteral(text) else { return false }
        return (try? GitLabRegex.compile(pattern: pattern, flags: flags).get()) != nil
    }

    /// `ArrayOfStringsOrRegexpsValidator`: strings, and any `/.../` among them a valid RE2 expression.
    static func isArrayOfStringsOrRegexps(_ node: Node) -> Bool {
        guard let items = node.sequence else { return false }
        return items.allSatisfy { item in
            guard let s = item.string else { return false }
            return GitLabRegex.splitLiteral(s) == nil || isValidRegexp(s)
        }
    }
}
