import Foundation
import GantryYAML

/// The shape of `include:` (and of `trigger:include:`): a path, a hash, or a list of them, each hash
/// naming exactly one kind of file. Fetching and the files' contents are the include resolver's business.
enum IncludeValidator {
    /// `scope` is the include location (`include`, `jobs:deploy:trigger:include`).
    static func validate(_ node: Node, scope: ValidationScope, maxSize: Int? = nil, into diagnostics: inout Diagnostics) {
        let items: [Node]
        if let list = node.sequence {
            items = list
            if let maxSize, list.count > maxSize {
                scope.config("is too long (maximum is \(maxSize))", at: list[maxSize].mark, into: &diagnostics)
            }
        } else if node.string != nil || node.mapping != nil {
            items = [node]
        } else {
            scope.config("should be an array or a string", at: node.mark, into: &diagnostics)
            return
        }
        for item in items {
            validateItem(item, scope: scope, into: &diagnostics)
        }
    }

    private static func validateItem(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        if NodeChecks.isString(node) {
            if NodeChecks.isBlank(node) { scope.config("can't be blank", at: node.mark, into: &diagnostics) }
            return
        }
        guard let map = node.mapping else {
            diagnostics.error(node.mark, "Each include must be a hash or a string")
            return
        }
        NodeChecks.checkAllowedKeys(map, KeywordLists.includeKeys, scope: scope, into: &diagnostics)
        if kinds(map).isEmpty {
            diagnostics.error(node.mark,
                              "`\(json(node))` does not have a valid subkey for include. Valid subkeys are: \(subkeys)")
        } else if let ambiguous = ambiguity(map) {
            diagnostics.error(node.mark, ambiguous)
        }
        if map["project"].map({ !NodeChecks.isBlank($0) }) == true, map["file"].map({ !NodeChecks.isBlank($0) }) != true {
            scope.config("must specify the file where to fetch the config from", at: node.mark, into: &diagnostics)
        }
        if map["artifact"].map({ !NodeChecks.isBlank($0) }) == true, map["job"].map({ !NodeChecks.isBlank($0) }) != true {
            scope.config("must specify the job where to fetch the artifact from", at: node.mark, into: &diagnostics)
        }
        for key in ["local", "remote", "template", "component", "project", "ref", "artifact", "job"] {
            NodeChecks.checkString(map, key, scope: scope, into: &diagnostics)
        }
        if let file = map["file"], !file.isNull, !NodeChecks.isArrayOfStringsOrString(file) {
            scope.error("file", "should be an array of strings or a string", at: file.mark, into: &diagnostics)
        }
        if let integrity = map["integrity"], !integrity.isNull {
            if map["remote"].map({ !NodeChecks.isBlank($0) }) != true {
                scope.config("integrity can only be specified for remote includes", at: integrity.mark, into: &diagnostics)
            }
            if integrity.string?.hasPrefix("sha256-") != true {
                scope.config("integrity hash must start with 'sha256-'", at: integrity.mark, into: &diagnostics)
            }
        }
        if let inputs = map["inputs"], !inputs.isNull, inputs.mapping == nil {
            scope.error("inputs", "should be a hash", at: inputs.mark, into: &diagnostics)
        }
        if let rules = map["rules"], !rules.isNull {
            if NodeChecks.isArrayOfHashes(rules) {
                RulesValidator.validate(rules, place: .include, scope: scope.child("rules"), into: &diagnostics)
            } else {
                scope.error("rules", "should be an array of hashes", at: rules.mark, into: &diagnostics)
            }
        }
    }

    private static let subkeys = KeywordLists.includeKinds.map { "`\($0)`" }.joined(separator: ", ")

    private static func kinds(_ map: Mapping) -> [String] {
        KeywordLists.includeKinds.filter { kind in map[kind].map { !NodeChecks.isBlank($0) } == true }
    }

    /// GitLab's `Mapper::Matcher` message for an include naming more than one kind of file.
    static func ambiguity(_ map: Mapping) -> String? {
        kinds(map).count > 1 ? "Each include must use only one of: \(subkeys)" : nil
    }

    /// A compact JSON rendering of an include, as GitLab quotes it in its message.
    static func json(_ node: Node) -> String {
        switch node.content {
        case .mapping(let map):
            return "{" + map.entries.map { "\"\(escape($0.key))\":\(json($0.value))" }.joined(separator: ",") + "}"
        case .sequence(let items):
            return "[" + items.map(json).joined(separator: ",") + "]"
        case .scalar(let scalar):
            switch scalar.value {
            case .null: return "null"
            case .bool(let b): return b ? "true" : "false"
            case .int, .float: return scalar.value.asString
            case .string(let s), .timestamp(let s): return "\"\(escape(s))\""
            }
        }
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
