import GantryYAML

/// How Ruby turns a YAML value into text, which GitLab's interpolation shows: `to_s` for a value
/// placed inside a string (`"a-#{value}"`), `inspect` for the items of a list or hash.
enum RubyText {
    /// `value.to_s`: strings as they are, numbers and booleans as Ruby prints them, nil as
    /// nothing, lists and hashes in their `inspect` form (`["a", "b"]`).
    static func string(_ node: Node) -> String {
        switch node.content {
        case .scalar(let s): return s.value.asString
        case .sequence, .mapping: return inspect(node)
        }
    }

    /// `value.inspect` (Ruby 3.3): `"text"`, `1`, `2.5`, `true`, `nil`, `[…]`, `{:key=>…}`.
    static func inspect(_ node: Node) -> String {
        switch node.content {
        case .scalar(let s):
            switch s.value {
            case .null: return "nil"
            case .string(let text), .timestamp(let text): return quoted(text)
            default: return s.value.asString
            }
        case .sequence(let items):
            return "[" + items.map(inspect).joined(separator: ", ") + "]"
        case .mapping(let map):
            // GitLab symbolizes the keys of its configuration.
            return "{" + map.entries.map { symbol($0.key) + "=>" + inspect($0.value) }.joined(separator: ", ") + "}"
        }
    }

    private static func symbol(_ key: String) -> String {
        let plain = !key.isEmpty && key.first.map({ !$0.isNumber }) == true
            && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        return ":" + (plain ? key : quoted(key))
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        var previous: Character? = nil
        for c in text {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                // `#{`, `#$` and `#@` would start interpolation in Ruby's literal.
                if previous == "#" && (c == "{" || c == "$" || c == "@") { out.removeLast(); out += "\\#" }
                out.append(c)
            }
            previous = c
        }
        return out + "\""
    }
}
