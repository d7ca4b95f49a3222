/// One lexeme of a variable expression, as a byte range of the UTF-8 source.
struct ExpressionToken: Sendable {
    enum Kind: Sendable, Equatable {
        case parenOpen, parenClose
        case variable, string, pattern, null, `true`, `false`
        case equals, notEquals, matches, notMatches, and, or

        var isValue: Bool {
            switch self {
            case .variable, .string, .pattern, .null, .true, .false: return true
            default: return false
            }
        }
    }

    var kind: Kind
    /// Byte offsets into the UTF-8 source: `start..<end`.
    var start: Int
    var end: Int
}

/// Splits an expression into lexemes the way GitLab's `Expression::Lexer` does: skip
/// whitespace, then try each lexeme pattern in GitLab's order at the current position.
///
/// Works on UTF-8 bytes; every lexeme is ASCII-delimited, and multi-byte characters are
/// only ever stepped over whole, inside strings and regex literals.
struct ExpressionLexer {
    /// GitLab's `Lexer::MAX_TOKENS`. Its loop scans at most this many tokens and raises
    /// "Too many tokens!" unless it reached the end first, so 99 is the real maximum.
    static let maxTokens = 100

    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    func tokenize() throws(ExpressionError) -> [ExpressionToken] {
        var tokens: [ExpressionToken] = []
        tokens.reserveCapacity(16)
        var position = 0
        let count = bytes.count
        while true {
            while position < count, Self.isRubySpace(bytes[position]) { position += 1 }
            if position >= count { return tokens }
            guard let token = scan(at: position) else {
                throw error(at: position, "Unknown lexeme found!")
            }
            tokens.append(token)
            if tokens.count == Self.maxTokens {
                throw error(at: token.start, "Too many tokens!")
            }
            position = token.end
        }
    }

    func error(at offset: Int, _ message: String) -> ExpressionError {
        ExpressionError(column: Self.column(ofByte: offset, in: bytes), message: message)
    }

    /// 1-based column of a byte offset, counting Unicode scalars (UTF-8 lead bytes).
    static func column(ofByte offset: Int, in bytes: [UInt8]) -> Int {
        var column = 1
        var index = 0
        let limit = min(offset, bytes.count)
        while index < limit {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return column
    }

    // MARK: - Lexemes, in GitLab's order

    private func scan(at p: Int) -> ExpressionToken? {
        let b = bytes[p]
        switch b {
        case UInt8(ascii: "("): return ExpressionToken(kind: .parenOpen, start: p, end: p + 1)
        case UInt8(ascii: ")"): return ExpressionToken(kind: .parenClose, start: p, end: p + 1)
        case UInt8(ascii: "$"): return scanVariable(at: p)
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return scanString(at: p)
        case UInt8(ascii: "/"): return scanPattern(at: p)
        case UInt8(ascii: "n"):
            return hasPrefix("null", at: p) ? ExpressionToken(kind: .null, start: p, end: p + 4) : nil
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return scanBoolean(at: p)
        case UInt8(ascii: "="), UInt8(ascii: "!"):
            guard p + 1 < bytes.count else { return nil }
            let next = bytes[p + 1]
            let kind: ExpressionToken.Kind
            switch (b, next) {
            case (UInt8(ascii: "="), UInt8(ascii: "=")): kind = .equals
            case (UInt8(ascii: "="), UInt8(ascii: "~")): kind = .matches
            case (UInt8(ascii: "!"), UInt8(ascii: "=")): kind = .notEquals
            case (UInt8(ascii: "!"), UInt8(ascii: "~")): kind = .notMatches
            default: return nil
            }
            return ExpressionToken(kind: kind, start: p, end: p + 2)
        case UInt8(ascii: "&"):
            return hasPrefix("&&", at: p) ? ExpressionToken(kind: .and, start: p, end: p + 2) : nil
        case UInt8(ascii: "|"):
            return hasPrefix("||", at: p) ? ExpressionToken(kind: .or, start: p, end: p + 2) : nil
        default:
            return nil
        }
    }

    /// `Lexeme::Variable`: `\$(?<name>\w+)`, with Ruby's ASCII `\w`. `${NAME}`, the form users
    /// write everywhere else in a pipeline, is no variable here: GitLab's lexer stops at it.
    private func scanVariable(at p: Int) -> ExpressionToken? {
        var end = p + 1
        while end < bytes.count, Self.isWordByte(bytes[end]) { end += 1 }
        guard end > p + 1 else { return nil }
        return ExpressionToken(kind: .variable, start: p, end: end)
    }

    /// `Lexeme::String`: `"(.*?)"` or `'(.*?)'`: no escapes, and (Ruby's `.`) no newline inside.
    private func scanString(at p: Int) -> ExpressionToken? {
        let quote = bytes[p]
        var end = p + 1
        while end < bytes.count {
            let b = bytes[end]
            if b == quote { return ExpressionToken(kind: .string, start: p, end: end + 1) }
            if b == UInt8(ascii: "\n") { return nil }
            end += 1
        }
        return nil
    }

    /// `Lexeme::Boolean`: `\b(?:true|false)\b`.
    private func scanBoolean(at p: Int) -> ExpressionToken? {
        if p > 0, Self.isWordByte(bytes[p - 1]) { return nil }
        let kind: ExpressionToken.Kind
        let length: Int
        if hasPrefix("true", at: p) {
            kind = .true; length = 4
        } else if hasPrefix("false", at: p) {
            kind = .false; length = 5
        } else {
            return nil
        }
        let end = p + length
        if end < bytes.count, Self.isWordByte(bytes[end]) { return nil }
        return ExpressionToken(kind: kind, start: p, end: end)
    }

    /// `Lexeme::Pattern`: `\/([^\/]|\\/)+[^\\]\/[ismU]*`, matched with Ruby's backtracking
    /// order (greedy, first alternative first). So the body has at least two characters,
    /// stops at the first `/` not preceded by a backslash, and takes flags i, s, m, U only.
    ///
    /// `firstEnd[i]` is where the first successful match ends when the repeated group has
    /// consumed everything before character `i`; it is filled right to left.
    private func scanPattern(at p: Int) -> ExpressionToken? {
        let count = bytes.count
        let bodyStart = p + 1
        guard bodyStart < count else { return nil }
        // Nothing past the first slash that is not preceded by a backslash can be reached.
        var stop = bodyStart
        while stop < count {
            if bytes[stop] == UInt8(ascii: "/"), stop == bodyStart || bytes[stop - 1] != UInt8(ascii: "\\") { break }
            stop += 1
        }
        let span = min(stop, count - 1) - bodyStart + 1
        var firstEnd = [Int](repeating: -1, count: span + 4)
        func result(_ i: Int) -> Int {
            let k = i - bodyStart
            return k < span ? firstEnd[k] : -1
        }
        var i = bodyStart + span - 1
        while i >= bodyStart {
            defer { i -= 1 }
            let b = bytes[i]
            if b & 0xC0 == 0x80 { continue }  // inside a multi-byte character
            let width = Self.scalarWidth(b)
            var end = -1
            // Another round of the group: any character but `/` ...
            if b != UInt8(ascii: "/") { end = result(i + width) }
            // ... or an escaped slash.
            if end < 0, b == UInt8(ascii: "\\"), i + 1 < count, bytes[i + 1] == UInt8(ascii: "/") { end = result(i + 2) }
            // Or leave the group: one character that is not a backslash, then the closing `/`.
            if end < 0, i > bodyStart, b != UInt8(ascii: "\\"), i + width < count, bytes[i + width] == UInt8(ascii: "/") {
                end = i + width + 1
            }
            firstEnd[i - bodyStart] = end
        }
        var end = result(bodyStart)
        guard end > 0 else { return nil }
        while end < count, Self.isPatternFlag(bytes[end]) { end += 1 }
        return ExpressionToken(kind: .pattern, start: p, end: end)
    }

    // MARK: - Byte classes

    private func hasPrefix(_ literal: StaticString, at p: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard p + length <= bytes.count else { return false }
        let start = literal.utf8Start
        for k in 0..<length where bytes[p + k] != start[k] { return false }
        return true
    }

    /// Ruby's `\s`: space, \t, \n, \v, \f, \r.
    static func isRubySpace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0D)
    }

    /// Ruby's `\w` (ASCII): letters, digits, underscore.
    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
    }

    static func isPatternFlag(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "i") || b == UInt8(ascii: "s") || b == UInt8(ascii: "m") || b == UInt8(ascii: "U")
    }

    private static func scalarWidth(_ lead: UInt8) -> Int {
        if lead < 0x80 { return 1 }
        if lead >= 0xF0 { return 4 }
        if lead >= 0xE0 { return 3 }
        return 2
    }
}
