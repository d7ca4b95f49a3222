import Foundation

/// A regular expression as GitLab runs it in variable expressions: RE2 syntax and semantics
/// (`Gitlab::UntrustedRegexp`), flags `i`, `m`, `s`, `U` prepended as `(?flags)`.
///
/// Foundation only offers ICU, so the RE2 pattern is translated: constructs RE2 rejects
/// (look-around, back-references, possessive or stacked quantifiers, `\Z`, ...) are errors,
/// and RE2 meanings that differ from ICU are spelled out: `$` is end of text unless `m`,
/// `.` excludes only `\n`, `\d` `\w` `\s` `\b` are ASCII, `U` swaps greedy and lazy.
public final class GitLabRegex: @unchecked Sendable {  // NSRegularExpression is immutable and thread-safe.
    /// The RE2 source GitLab builds, `(?flags)pattern`; GitLab compares regexes by it.
    public let source: String
    private let regex: NSRegularExpression

    private init(source: String, regex: NSRegularExpression) {
        self.source = source
        self.regex = regex
    }

    /// Whether the pattern matches anywhere in `text` (GitLab: `scan(text).present?`).
    public func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, options: [], range: NSRange(location: 0, length: text.utf16.count)) != nil
    }

    /// The first match in `text`: the whole match, then each capture group (nil where a group
    /// took no part in the match). Nil when nothing matches.
    public func firstMatch(in text: String) -> [String?]? {
        let ns = text as NSString
        guard let match = regex.firstMatch(in: text, options: [], range: NSRange(location: 0, length: ns.length)) else {
            return nil
        }
        return Self.groups(of: match, in: ns)
    }

    /// GitLab's `UntrustedRegexp#scan`: every non-overlapping match in `text`, each as its
    /// capture groups, or as the whole match when the pattern has no groups.
    public func scan(_ text: String) -> [[String?]] {
        let ns = text as NSString
        return regex.matches(in: text, options: [], range: NSRange(location: 0, length: ns.length)).map { match in
            let groups = Self.groups(of: match, in: ns)
            return groups.count == 1 ? groups : Array(groups.dropFirst())
        }
    }

    private static func groups(of match: NSTextCheckingResult, in text: NSString) -> [String?] {
        (0..<match.numberOfRanges).map { index in
            let range = match.range(at: index)
            return range.location == NSNotFound ? nil : text.substring(with: range)
        }
    }

    /// Compiles an RE2 pattern with GitLab's flag letters; the reason on failure. Cached.
    public static func compile(pattern: String, flags: String) -> Result<GitLabRegex, RegexSyntaxError> {
        let key = flags + "/" + pattern
        if let cached = cache.lookup(key) { return cached }
        let result: Result<GitLabRegex, RegexSyntaxError>
        do {
            let icu = try RE2Translator.translate(pattern, flags: flags)
            let regex = try NSRegularExpression(pattern: icu, options: [])
            result = .success(GitLabRegex(source: (flags.isEmpty ? "" : "(?\(flags))") + pattern, regex: regex))
        } catch let error as RegexSyntaxError {
            result = .failure(error)
        } catch {
            result = .failure(RegexSyntaxError(reason: "invalid regular expression"))
        }
        cache.store(key, result)
        return result
    }

    /// GitLab's `Pattern.build`: `\/` becomes `/`, then `UntrustedRegexp::RubySyntax` wants
    /// `/pattern/flags`. Nil if the text is not of that form.
    public static func splitLiteral(_ text: String) -> (pattern: String, flags: String)? {
        let unescaped = text.contains("\\/") ? text.replacingOccurrences(of: "\\/", with: "/") : text
        return rubySyntax(unescaped)
    }

    /// GitLab's `Pattern.build_and_evaluate` for a string on the right of `=~` / `!~`:
    /// the regex if the string is a valid `/pattern/flags`, else nil (GitLab then falls back
    /// to a plain substring search).
    public static func fromValue(_ value: String) -> GitLabRegex? {
        guard value.utf8.contains(UInt8(ascii: "/")), let (pattern, flags) = splitLiteral(value) else { return nil }
        return try? compile(pattern: pattern, flags: flags).get()
    }

    /// `RubySyntax::PATTERN`, `^/(?<regexp>.*)/(?<flags>[ismU]*)$`, with Ruby's line anchors
    /// and a `.` that stops at `\n`: the first line shaped `/…/flags` wins, the body running
    /// to that line's last slash.
    private static func rubySyntax(_ text: String) -> (pattern: String, flags: String)? {
        let bytes = Array(text.utf8)
        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            if lineEnd - lineStart >= 2, bytes[lineStart] == UInt8(ascii: "/") {
                var close = lineEnd - 1
                while close > lineStart, bytes[close] != UInt8(ascii: "/") { close -= 1 }
                if close > lineStart, bytes[(close + 1)..<lineEnd].allSatisfy(ExpressionLexer.isPatternFlag) {
                    let pattern = String(decoding: bytes[(lineStart + 1)..<close], as: UTF8.self)
                    let flags = String(decoding: bytes[(close + 1)..<lineEnd], as: UTF8.self)
                    return (pattern, flags)
                }
            }
            lineStart = lineEnd + 1
        }
        return nil
    }

    private static let cache = RegexCache()
}

/// Why RE2 (or, after translation, ICU) refuses a pattern.
public struct RegexSyntaxError: Error, Sendable, Equatable {
    public let reason: String
}

/// Compiled regexes by flags and pattern: one pipeline evaluates the same few patterns for
/// thousands of jobs. Bounded; simply emptied when full.
private final class RegexCache: @unchecked Sendable {  // Every access holds `lock`.
    private let lock = NSLock()
    private var entries: [String: Result<GitLabRegex, RegexSyntaxError>] = [:]
    private let limit = 4096

    func lookup(_ key: String) -> Result<GitLabRegex, RegexSyntaxError>? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    func store(_ key: String, _ value: Result<GitLabRegex, RegexSyntaxError>) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
        entries[key] = value
    }
}

/// Rewrites an RE2 pattern as an equivalent ICU pattern, rejecting what RE2 rejects.
/// Follows RE2's parser (`re2/parse.cc`) for Perl-like syntax.
private struct RE2Translator {
    private struct Flags {
        var caseInsensitive = false
        var multiLine = false
        var dotAll = false
        var ungreedy = false
    }

    /// What the last emitted piece can take: a repetition needs an operand, and RE2 refuses
    /// to stack repetitions (`a**`, `a*{2}`).
    private enum Last { case nothing, operand, repetition }

    private let s: [Unicode.Scalar]
    private var i = 0
    private var out = ""
    private var flags = Flags()
    private var groups: [Flags] = []
    private var last = Last.nothing

    private init(_ pattern: String) {
        s = Array(pattern.unicodeScalars)
        out.reserveCapacity(pattern.utf8.count * 2 + 8)
    }

    static func translate(_ pattern: String, flags letters: String) throws(RegexSyntaxError) -> String {
        var translator = RE2Translator(pattern)
        for letter in letters.unicodeScalars { translator.set(flag: letter, to: true) }
        return try translator.run()
    }

    private mutating func set(flag: Unicode.Scalar, to on: Bool) {
        switch flag {
        case "i": flags.caseInsensitive = on
        case "m": flags.multiLine = on
        case "s": flags.dotAll = on
        case "U": flags.ungreedy = on
        default: break
        }
    }

    private mutating func run() throws(RegexSyntaxError) -> String {
        if flags.caseInsensitive { out += "(?i)" }
        while i < s.count {
            let c = s[i]
            switch c {
            case "\\":
                try escape()
            case "[":
                try characterClass()
            case "(":
                try openGroup()
            case ")":
                guard let outer = groups.popLast() else { throw fail("unexpected )") }
                flags = outer
                out += ")"
                i += 1
                last = .operand
            case "|":
                out += "|"
                i += 1
                last = .nothing
            case "^":
                out += flags.multiLine ? "(?:\\A|(?<=\\n))" : "(?:\\A)"
                i += 1
                last = .operand
            case "$":
                out += flags.multiLine ? "(?:\\z|(?=\\n))" : "(?:\\z)"
                i += 1
                last = .operand
            case ".":
                out += flags.dotAll ? "(?s:.)" : "[^\\n]"
                i += 1
                last = .operand
            case "*", "+", "?":
                i += 1
                try repetition(String(c))
            case "{":
                if let (text, length) = try repeatBraces() {
                    i += length
                    try repetition(text)
                } else {
                    literal(c)
                    i += 1
                }
            default:
                literal(c)
                i += 1
            }
        }
        if !groups.isEmpty { throw fail("missing )") }
        return out
    }

    private func fail(_ reason: String) -> RegexSyntaxError {
        RegexSyntaxError(reason: reason)
    }

    // MARK: - Atoms

    private mutating func literal(_ c: Unicode.Scalar) {
        out += Self.icuLiteral(c)
        last = .operand
    }

    /// A scalar written so ICU reads it literally, inside or outside a set.
    private static func icuLiteral(_ c: Unicode.Scalar) -> String {
        switch c {
        case "a"..."z", "A"..."Z", "0"..."9": return String(c)
        default: return "\\x{" + String(c.value, radix: 16) + "}"
        }
    }

    /// `*`, `+`, `?` or a braced count, after its operand; an optional `?` makes it lazy.
    private mutating func repetition(_ op: String) throws(RegexSyntaxError) {
        switch last {
        case .nothing: throw fail("missing argument to repetition operator: \(op)")
        case .repetition: throw fail("bad repetition operator: \(op)")
        case .operand: break
        }
        var lazy = false
        if i < s.count, s[i] == "?" {
            lazy = true
            i += 1
        }
        if flags.ungreedy { lazy.toggle() }
        out += op
        if lazy { out += "?" }
        last = .repetition
    }

    /// `{n}`, `{n,}` or `{n,m}` at `i`, with its length; nil when the brace is a literal.
    private func repeatBraces() throws(RegexSyntaxError) -> (String, Int)? {
        var j = i + 1
        func number() -> Int? {
            var value = 0
            var digits = 0
            while j < s.count, ("0"..."9").contains(s[j]) {
                value = min(value * 10 + Int(s[j].value - 48), 100_000)
                digits += 1
                j += 1
            }
            return digits > 0 ? value : nil
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if j < s.count, s[j] == "," {
            j += 1
            high = number()
        }
        guard j < s.count, s[j] == "}" else { return nil }
        let text = String(String.UnicodeScalarView(s[i...j]))
        if low > 1000 || (high ?? 0) > 1000 || (high.map { $0 < low } ?? false) {
            throw fail("bad repetition operator: \(text)")
        }
        return (text, j - i + 1)
    }

    // MARK: - Escapes

    private enum Escape {
        case scalar(Unicode.Scalar)
        /// Set contents usable inside `[...]`, and the standalone class.
        case set(inner: String, standalone: String)
    }

    private mutating func escape() throws(RegexSyntaxError) {
        guard i + 1 < s.count else { throw fail("trailing \\") }
        let c = s[i + 1]
        switch c {
        case "b", "B":
            let word = "[0-9A-Za-z_]"
            out += c == "b"
                ? "(?:(?<=\(word))(?!\(word))|(?<!\(word))(?=\(word)))"
                : "(?:(?<=\(word))(?=\(word))|(?<!\(word))(?!\(word)))"
            i += 2
            last = .operand
        case "A":
            out += "(?:\\A)"
            i += 2
            last = .operand
        case "z":
            out += "(?:\\z)"
            i += 2
            last = .operand
        case "C":
            out += "(?s:.)"
            i += 2
            last = .operand
        case "Q":
            i += 2
            while i < s.count {
                if s[i] == "\\", i + 1 < s.count, s[i + 1] == "E" {
                    i += 2
                    break
                }
                literal(s[i])
                i += 1
            }
        default:
            i += 1
            switch try classEscape() {
            case .scalar(let scalar): literal(scalar)
            case .set(_, let standalone):
                out += standalone
                last = .operand
            }
        }
    }

    /// The escapes RE2 accepts both inside and outside a class; `i` is just past the backslash.
    private mutating func classEscape() throws(RegexSyntaxError) -> Escape {
        guard i < s.count else { throw fail("trailing \\") }
        let c = s[i]
        i += 1
        switch c {
        case "d": return Self.asciiSet("0-9", negated: false)
        case "D": return Self.asciiSet("0-9", negated: true)
        case "w": return Self.asciiSet("0-9A-Za-z_", negated: false)
        case "W": return Self.asciiSet("0-9A-Za-z_", negated: true)
        case "s": return Self.asciiSet("\\x{9}\\x{a}\\x{c}\\x{d}\\x{20}", negated: false)
        case "S": return Self.asciiSet("\\x{9}\\x{a}\\x{c}\\x{d}\\x{20}", negated: true)
        case "p", "P":
            return try unicodeClass(negated: c == "P")
        case "1"..."7":
            // A lone digit would be a back-reference, which RE2 does not have.
            guard i < s.count, ("0"..."7").contains(s[i]) else { throw fail("invalid escape sequence: \\\(c)") }
            return .scalar(octal(first: c))
        case "0":
            return .scalar(octal(first: c))
        case "x":
            return .scalar(try hex())
        case "a": return .scalar("\u{07}")
        case "f": return .scalar("\u{0C}")
        case "t": return .scalar("\t")
        case "n": return .scalar("\n")
        case "r": return .scalar("\r")
        case "v": return .scalar("\u{0B}")
        default:
            // Any other ASCII non-word character stands for itself.
            if c.isASCII, !(("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_") {
                return .scalar(c)
            }
            throw fail("invalid escape sequence: \\\(c)")
        }
    }

    private static func asciiSet(_ inner: String, negated: Bool) -> Escape {
        let set = negated ? "[^\(inner)]" : "[\(inner)]"
        return .set(inner: negated ? set : inner, standalone: set)
    }

    /// Up to three octal digits in all, the first already read.
    private mutating func octal(first: Unicode.Scalar) -> Unicode.Scalar {
        var value = first.value - 48
        for _ in 0..<2 {
            guard i < s.count, ("0"..."7").contains(s[i]) else { break }
            value = value * 8 + s[i].value - 48
            i += 1
        }
        return Unicode.Scalar(value) ?? "\u{0}"
    }

    /// `\xHH` or `\x{H...}`; `i` is just past the `x`.
    private mutating func hex() throws(RegexSyntaxError) -> Unicode.Scalar {
        func digit(_ c: Unicode.Scalar) -> UInt32? {
            switch c {
            case "0"..."9": return c.value - 48
            case "a"..."f": return c.value - 87
            case "A"..."F": return c.value - 55
            default: return nil
            }
        }
        if i < s.count, s[i] == "{" {
            var j = i + 1
            var value: UInt32 = 0
            var digits = 0
            while j < s.count, let d = digit(s[j]) {
                value = min(value * 16 + d, 0x110000)
                digits += 1
                j += 1
            }
            guard digits > 0, j < s.count, s[j] == "}", let scalar = Unicode.Scalar(value) else {
                throw fail("invalid escape sequence: \\x")
            }
            i = j + 1
            return scalar
        }
        guard i + 1 < s.count, let high = digit(s[i]), let low = digit(s[i + 1]), let scalar = Unicode.Scalar(high * 16 + low) else {
            throw fail("invalid escape sequence: \\x")
        }
        i += 2
        return scalar
    }

    /// `\pL`, `\p{Greek}`, `\p{^Greek}`, `\PL`; `i` is just past the `p`.
    private mutating func unicodeClass(negated: Bool) throws(RegexSyntaxError) -> Escape {
        guard i < s.count else { throw fail("invalid character class range: \\p") }
        var name: String
        var negate = negated
        if s[i] == "{" {
            var j = i + 1
            while j < s.count, s[j] != "}" { j += 1 }
            guard j < s.count else { throw fail("invalid character class range: \\p{") }
            name = String(String.UnicodeScalarView(s[(i + 1)..<j]))
            i = j + 1
            if name.hasPrefix("^") {
                negate.toggle()
                name.removeFirst()
            }
        } else {
            name = String(s[i])
            i += 1
        }
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "_" }) else {
            throw fail("invalid character class range: \\p{\(name)}")
        }
        let text = (negate ? "\\P{" : "\\p{") + name + "}"
        return .set(inner: text, standalone: text)
    }

    // MARK: - Classes

    private static let posixClasses: [String: String] = [
        "alnum": "0-9A-Za-z",
        "alpha": "A-Za-z",
        "ascii": "\\x{0}-\\x{7f}",
        "blank": "\\x{9}\\x{20}",
        "cntrl": "\\x{0}-\\x{1f}\\x{7f}",
        "digit": "0-9",
        "graph": "\\x{21}-\\x{7e}",
        "lower": "a-z",
        "print": "\\x{20}-\\x{7e}",
        "punct": "\\x{21}-\\x{2f}\\x{3a}-\\x{40}\\x{5b}-\\x{60}\\x{7b}-\\x{7e}",
        "space": "\\x{9}-\\x{d}\\x{20}",
        "upper": "A-Z",
        "word": "0-9A-Za-z_",
        "xdigit": "0-9A-Fa-f",
    ]

    private mutating func characterClass() throws(RegexSyntaxError) {
        i += 1  // [
        var set = "["
        if i < s.count, s[i] == "^" {
            set += "^"
            i += 1
        }
        var first = true
        while i < s.count, s[i] != "]" || first {
            first = false
            if s[i] == "[", i + 1 < s.count, s[i + 1] == ":", let posix = try posixClass() {
                set += posix
                continue
            }
            let low: Unicode.Scalar
            if s[i] == "\\" {
                i += 1
                switch try classEscape() {
                case .set(let inner, _):
                    set += inner
                    continue
                case .scalar(let scalar):
                    low = scalar
                }
            } else {
                low = s[i]
                i += 1
            }
            if i + 1 < s.count, s[i] == "-", s[i + 1] != "]" {
                i += 1
                let high: Unicode.Scalar
                if s[i] == "\\" {
                    i += 1
                    guard case .scalar(let scalar) = try classEscape() else {
                        throw fail("invalid character class range")
                    }
                    high = scalar
                } else {
                    high = s[i]
                    i += 1
                }
                guard low.value <= high.value else { throw fail("invalid character class range") }
                set += Self.icuLiteral(low) + "-" + Self.icuLiteral(high)
            } else {
                set += Self.icuLiteral(low)
            }
        }
        guard i < s.count else { throw fail("missing closing ]") }
        i += 1  // ]
        out += set + "]"
        last = .operand
    }

    /// `[:name:]` or `[:^name:]` inside a class; nil if there is no closing `:]`.
    private mutating func posixClass() throws(RegexSyntaxError) -> String? {
        var j = i + 2
        while j + 1 < s.count, !(s[j] == ":" && s[j + 1] == "]") { j += 1 }
        guard j + 1 < s.count else { return nil }
        var name = String(String.UnicodeScalarView(s[(i + 2)..<j]))
        var negated = false
        if name.hasPrefix("^") {
            negated = true
            name.removeFirst()
        }
        guard let ranges = Self.posixClasses[name] else { throw fail("invalid character class range: [:\(name):]") }
        i = j + 2
        return negated ? "[^\(ranges)]" : ranges
    }

    // MARK: - Groups

    private mutating func openGroup() throws(RegexSyntaxError) {
        guard i + 1 < s.count, s[i + 1] == "?" else {
            groups.append(flags)
            out += "("
            i += 1
            last = .nothing
            return
        }
        // Named groups: (?P<name>re) and (?<name>re). The name is not needed here.
        if i + 2 < s.count, s[i + 2] == "P" || s[i + 2] == "<" {
            let nameStart = s[i + 2] == "P" ? i + 4 : i + 3
            guard s[i + 2] == "<" || (i + 3 < s.count && s[i + 3] == "<") else {
                throw fail("invalid named capture group")
            }
            var j = nameStart
            while j < s.count, s[j] != ">" { j += 1 }
            guard j < s.count, j > nameStart,
                  s[nameStart..<j].allSatisfy({ $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) })
            else { throw fail("invalid named capture group") }
            groups.append(flags)
            out += "("
            i = j + 1
            last = .nothing
            return
        }
        // Flags: (?i) (?i-s) (?U:re) (?:re)
        var j = i + 2
        var updated = flags
        var negated = false
        var sawFlag = false
        while true {
            guard j < s.count else { throw fail("missing )") }
            let c = s[j]
            j += 1
            switch c {
            case "i": updated.caseInsensitive = !negated; sawFlag = true
            case "m": updated.multiLine = !negated; sawFlag = true
            case "s": updated.dotAll = !negated; sawFlag = true
            case "U": updated.ungreedy = !negated; sawFlag = true
            case "-":
                if negated { throw fail("invalid or unsupported Perl syntax") }
                negated = true
                sawFlag = false
            case ":", ")":
                if negated && !sawFlag { throw fail("invalid or unsupported Perl syntax") }
                let caseFlag = updated.caseInsensitive ? "(?i" : "(?-i"
                if c == ":" {
                    groups.append(flags)
                    out += caseFlag + ":"
                } else {
                    out += caseFlag + ")"
                }
                flags = updated
                i = j
                last = .nothing
                return
            default:
                throw fail("invalid or unsupported Perl syntax: (?\(c)")
            }
        }
    }
}
