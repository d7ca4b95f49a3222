/// The parse tree of a variable expression, evaluated with GitLab's (Ruby's) value rules.
indirect enum ExpressionNode: Sendable {
    case variable(String)
    case string(String)
    case null
    case boolean(Bool)
    case pattern(GitLabRegex)
    case equals(ExpressionNode, ExpressionNode)
    case notEquals(ExpressionNode, ExpressionNode)
    case matches(ExpressionNode, ExpressionNode)
    case notMatches(ExpressionNode, ExpressionNode)
    case and(ExpressionNode, ExpressionNode)
    case or(ExpressionNode, ExpressionNode)

    /// The Ruby value GitLab's lexeme tree would produce.
    func evaluate(_ variables: [String: String]) -> ExpressionValue {
        switch self {
        case .variable(let name):
            return variables[name].map(ExpressionValue.string) ?? .null
        case .string(let text):
            return .string(text)
        case .null:
            return .null
        case .boolean(let value):
            return .bool(value)
        case .pattern(let regex):
            return .regex(regex)
        case .equals(let left, let right):
            return .bool(left.evaluate(variables).rubyEquals(right.evaluate(variables)))
        case .notEquals(let left, let right):
            return .bool(!left.evaluate(variables).rubyEquals(right.evaluate(variables)))
        case .matches(let left, let right):
            // `return false unless regexp`
            return .bool(Self.match(left.evaluate(variables), right.evaluate(variables)) ?? false)
        case .notMatches(let left, let right):
            // `return true unless regexp`
            return .bool(!(Self.match(left.evaluate(variables), right.evaluate(variables)) ?? false))
        case .and(let left, let right):
            // Ruby `&&`: the left value if it is falsy (nil or false), else the right value.
            let value = left.evaluate(variables)
            return value.isRubyTruthy ? right.evaluate(variables) : value
        case .or(let left, let right):
            let value = left.evaluate(variables)
            return value.isRubyTruthy ? value : right.evaluate(variables)
        }
    }

    /// GitLab's `Matches#evaluate` without the negation; nil when the right side is nil or false.
    ///
    /// The left side is taken as `to_s` (nil is ""), so a pattern that matches the empty
    /// string matches an undefined variable. A string on the right is a regex if it reads as
    /// `/pattern/flags`; otherwise GitLab runs `String#scan` with the left text, which is a
    /// substring search of the left side in the right side.
    private static func match(_ left: ExpressionValue, _ right: ExpressionValue) -> Bool? {
        let text = left.rubyString
        switch right {
        case .null, .bool(false):
            return nil
        case .regex(let regex):
            return regex.matches(text)
        case .string(let candidate):
            if let regex = GitLabRegex.fromValue(candidate) { return regex.matches(text) }
            return Self.contains(candidate, text)
        case .bool(true):
            return Self.contains("true", text)
        }
    }

    /// Byte-wise substring search, as Ruby's `String#scan(String)`; the empty string is in everything.
    private static func contains(_ haystack: String, _ needle: String) -> Bool {
        var needle = needle
        var haystack = haystack
        return needle.withUTF8 { n in
            haystack.withUTF8 { h in
                if n.isEmpty { return true }
                if n.count > h.count { return false }
                let first = n[0]
                var start = 0
                let last = h.count - n.count
                while start <= last {
                    if h[start] == first {
                        var k = 1
                        while k < n.count, h[start + k] == n[k] { k += 1 }
                        if k == n.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }
}

/// A Ruby value as the expression lexemes produce them.
enum ExpressionValue: Sendable {
    case null
    case bool(Bool)
    case string(String)
    case regex(GitLabRegex)

    /// Ruby truthiness, for `&&` and `||`: only nil and false are falsy; "" is truthy.
    var isRubyTruthy: Bool {
        switch self {
        case .null, .bool(false): return false
        default: return true
        }
    }

    /// ActiveSupport's `present?`, which decides the rule: nil, false, and blank strings
    /// (empty or only whitespace) are not present.
    var isPresent: Bool {
        switch self {
        case .null: return false
        case .bool(let value): return value
        case .string(let text): return !text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
        case .regex: return true
        }
    }

    /// Ruby `to_s`, for the left side of `=~`.
    var rubyString: String {
        switch self {
        case .null: return ""
        case .bool(let value): return value ? "true" : "false"
        case .string(let text): return text
        case .regex(let regex): return regex.source
        }
    }

    /// Ruby `==`: strings compare byte for byte (no Unicode normalisation), regexes by source.
    func rubyEquals(_ other: ExpressionValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        case (.regex(let a), .regex(let b)): return a.source == b.source
        default: return false
        }
    }
}
