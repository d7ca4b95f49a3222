import Foundation
import GantryYAML

/// The functions an interpolation block may apply to a value (`$[[ inputs.name | truncate(0,8) ]]`),
/// GitLab's `Interpolation::Functions`: truncate, expand_vars, posix_escape and split.
enum InterpolationFunction: Sendable, Equatable {
    case truncate(offset: Int, length: Int)
    case expandVars
    case posixEscape
    case split(separator: String)

    var name: String {
        switch self {
        case .truncate: return "truncate"
        case .expandVars: return "expand_vars"
        case .posixEscape: return "posix_escape"
        case .split: return "split"
        }
    }

    /// The function an expression names, with GitLab's patterns: `truncate(<digits>,<digits>)`
    /// (spaces allowed, the closing parenthesis optional as in GitLab's pattern), `expand_vars`,
    /// `posix_escape`, `split('<separator>')`. Nil when none matches.
    init?(_ expression: String) {
        switch expression {
        case "expand_vars": self = .expandVars
        case "posix_escape": self = .posixEscape
        default:
            if let arguments = Self.truncateArguments(expression) {
                self = .truncate(offset: arguments.0, length: arguments.1)
            } else if expression.hasPrefix("split('"), expression.hasSuffix("')"), expression.count >= 9 {
                let separator = expression.dropFirst(7).dropLast(2)
                guard !separator.contains("'") else { return nil }
                self = .split(separator: String(separator))
            } else {
                return nil
            }
        }
    }

    /// `^truncate\(\s*(\d+)\s*,\s*(\d+)\s*\)?$`
    private static func truncateArguments(_ expression: String) -> (Int, Int)? {
        var rest = Substring(expression)
        guard rest.hasPrefix("truncate(") else { return nil }
        rest = rest.dropFirst(9)
        func spaces() { rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\u{0C}" || $0 == "\u{0B}" } }
        func number() -> Int? {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return nil }
            rest = rest.dropFirst(digits.count)
            return Int(digits) ?? Int.max  // Ruby has no overflow; past Int every offset is past the end
        }
        spaces()
        guard let offset = number() else { return nil }
        spaces()
        guard rest.first == "," else { return nil }
        rest = rest.dropFirst()
        spaces()
        guard let length = number() else { return nil }
        spaces()
        if rest.first == ")" { rest = rest.dropFirst() }
        return rest.isEmpty ? (offset, length) : nil
    }

    /// Applies the function; the error is GitLab's (`error in `truncate` function: …`).
    func apply(_ value: Node, variables: [String: String]) -> Result<Node, InterpolationFunctionError> {
        guard let text = value.string else {
            return .failure(error("invalid input type: \(name) can only be used with string inputs"))
        }
        switch self {
        case .truncate(let offset, let length):
            // Ruby's `text[offset, length].to_s`, counted in characters (code points).
            let scalars = text.unicodeScalars
            guard offset <= scalars.count else { return .success(.string("", mark: value.mark)) }
            let start = scalars.index(scalars.startIndex, offsetBy: offset)
            let end = scalars.index(start, offsetBy: min(length, scalars.count - offset))
            return .success(.string(String(scalars[start..<end]), mark: value.mark))
        case .expandVars:
            return .success(.string(Self.expandExisting(text, variables), mark: value.mark))
        case .posixEscape:
            return .success(.string(Self.shellEscape(text), mark: value.mark))
        case .split(let separator):
            guard !separator.isEmpty else { return .failure(error("invalid argument: separator cannot be empty")) }
            let pieces: [Substring] = separator == " "
                ? text.split(whereSeparator: { $0.isWhitespace })  // Ruby's awk-style split on " "
                : text.components(separatedBy: separator).map { Substring($0) }
            let items = pieces.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            return .success(Node(.sequence(items.map { .string($0, mark: value.mark) }), mark: value.mark))
        }
    }

    private func error(_ message: String) -> InterpolationFunctionError {
        InterpolationFunctionError(message: "error in `\(name)` function: \(message)")
    }

    /// GitLab's `ExpandVariables.expand_existing`: `$NAME`, `${NAME}` and `%NAME%` of known
    /// variables are replaced, once (values are not expanded again); unknown ones stay as written.
    static func expandExisting(_ text: String, _ variables: [String: String]) -> String {
        guard text.contains("$") || text.contains("%") else { return text }
        let chars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func isStart(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" }
        func isName(_ c: Unicode.Scalar) -> Bool { isStart(c) || ("0"..."9").contains(c) }
        func name(from j: Int) -> Int {  // end of a name starting at j, or j
            guard j < chars.count, isStart(chars[j]) else { return j }
            var k = j + 1
            while k < chars.count, isName(chars[k]) { k += 1 }
            return k
        }
        while i < chars.count {
            let c = chars[i]
            var end = i, key = ""
            if c == "$" {
                let plainEnd = name(from: i + 1)
                if plainEnd > i + 1 {
                    key = String(String.UnicodeScalarView(chars[(i + 1)..<plainEnd])); end = plainEnd
                } else if i + 1 < chars.count, chars[i + 1] == "{" {
                    let braced = name(from: i + 2)
                    if braced > i + 2, braced < chars.count, chars[braced] == "}" {
                        key = String(String.UnicodeScalarView(chars[(i + 2)..<braced])); end = braced + 1
                    }
                }
            } else if c == "%" {
                let e = name(from: i + 1)
                if e > i + 1, e < chars.count, chars[e] == "%" {
                    key = String(String.UnicodeScalarView(chars[(i + 1)..<e])); end = e + 1
                }
            }
            if end > i {
                if let value = variables[key] { out.append(contentsOf: value.unicodeScalars) } else { out.append(contentsOf: chars[i..<end]) }
                i = end
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(out)
    }

    /// Ruby's `Shellwords.shellescape`: every character but `A-Za-z0-9_-.,:+/@` and newline gets
    /// a backslash, a newline becomes `'\n'`, and the empty string `''`.
    static func shellEscape(_ text: String) -> String {
        guard !text.isEmpty else { return "''" }
        var out = ""
        for c in text.unicodeScalars {
            if c == "\n" {
                out += "'\n'"
            } else if ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
                        || "_-.,:+/@".unicodeScalars.contains(c) {
                out.unicodeScalars.append(c)
            } else {
                out += "\\"
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

/// A function's failure, in GitLab's words.
struct InterpolationFunctionError: Error, Sendable {
    var message: String
}
