import Foundation

/// A scalar as written, and the value Ruby's Psych (GitLab's YAML loader) gives it.
public struct Scalar: Sendable, Equatable {
    public enum Style: Sendable, Equatable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var text: String
    public var style: Style
    /// The value type GitLab sees; quoted and block scalars are always strings.
    public let value: ScalarValue

    public init(text: String, style: Style, forcedString: Bool = false) {
        self.text = text
        self.style = style
        self.value = (style == .plain && !forcedString) ? ScalarValue.resolve(plain: text) : .string(text)
    }
}

public enum ScalarValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    /// Dates and times: Psych builds Date/Time objects, which GitLab's safe loader refuses.
    case timestamp(String)

    /// The value as GitLab turns it into a string (variables, `script` lines).
    public var asString: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return ScalarValue.rubyFloatString(d)
        case .string(let s), .timestamp(let s): return s
        }
    }

    /// Ruby's Float#to_s: shortest round-trip digits, always with a fraction (`3.1`, `2.0`, `1.0e+20`).
    static func rubyFloatString(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        let magnitude = abs(d)
        if magnitude != 0 && (magnitude >= 1e16 || magnitude < 1e-4) {
            var s = "\(d)"  // Swift prints 1e+20 / 1e-05
            if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                var mantissa = String(s[..<e])
                var exponent = String(s[s.index(after: e)...])
                if !mantissa.contains(".") { mantissa += ".0" }
                let negative = exponent.hasPrefix("-")
                exponent = String(exponent.drop(while: { $0 == "-" || $0 == "+" }))
                while exponent.count < 2 { exponent = "0" + exponent }
                s = mantissa + "e" + (negative ? "-" : "+") + exponent
            }
            return s
        }
        let s = "\(d)"
        return s.contains(".") ? s : s + ".0"
    }

    /// Psych's ScalarScanner#tokenize for a plain scalar.
    static func resolve(plain s: String) -> ScalarValue {
        if s.isEmpty || s == "~" { return .null }
        let u = Array(s.utf8)
        let first = u[0]
        // Text that starts like a word: only short ones can be null/booleans.
        if isWordStart(u) {
            if u.count > 5 { return .string(s) }
            switch s.lowercased() {
            case "null": return .null
            case "yes", "true", "on": return .bool(true)
            case "no", "false", "off": return .bool(false)
            default: return .string(s)
            }
        }
        if matchesTimestamp(u) { return .timestamp(s) }
        let lower = s.lowercased()
        if lower == ".inf" || lower == "+.inf" { return .float(.infinity) }
        if lower == "-.inf" { return .float(-.infinity) }
        if lower == ".nan" { return .float(.nan) }
        if first == UInt8(ascii: ":") && u.count > 1 { return .string(s) }  // a Ruby symbol; kept as text
        if let v = sexagesimal(u) { return v }
        if let v = float(s, u) { return v }
        if let v = integer(s, u) { return .int(v) }
        return .string(s)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// `^[^\d.:-]?[[:alpha:]_\s!@#$%^&*(){}<>|/\\~;=]+` (or a newline anywhere).
    private static func isWordStart(_ u: [UInt8]) -> Bool {
        if u.contains(10) { return true }
        func wordChar(_ c: UInt8) -> Bool {
            if c >= 0x80 { return true }  // non-ASCII letters
            if (c >= 65 && c <= 90) || (c >= 97 && c <= 122) { return true }
            return "_ \t\r!@#$%^&*(){}<>|/\\~;=".utf8.contains(c)
        }
        if wordChar(u[0]) { return true }
        let c = u[0]
        if isDigit(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: ":") || c == UInt8(ascii: "-") { return false }
        return u.count > 1 && wordChar(u[1])
    }

    private static func matchesTimestamp(_ u: [UInt8]) -> Bool {
        // YYYY-M(M)-D(D), optionally followed by a time part.
        var i = 0
        if i < u.count && u[i] == UInt8(ascii: "-") { i += 1 }
        func digits(_ min: Int, _ max: Int) -> Bool {
            var n = 0
            while i < u.count && isDigit(u[i]) && n < max { i += 1; n += 1 }
            return n >= min
        }
        guard digits(4, 4), i < u.count, u[i] == UInt8(ascii: "-") else { return false }
        i += 1
        guard digits(1, 2), i < u.count, u[i] == UInt8(ascii: "-") else { return false }
        i += 1
        guard digits(1, 2) else { return false }
        if i == u.count { return true }
        guard u[i] == UInt8(ascii: "T") || u[i] == UInt8(ascii: "t") || u[i] == UInt8(ascii: " ") || u[i] == UInt8(ascii: "\t") else { return false }
        while i < u.count && (u[i] == UInt8(ascii: " ") || u[i] == UInt8(ascii: "\t") || u[i] == UInt8(ascii: "T") || u[i] == UInt8(ascii: "t")) { i += 1 }
        guard digits(1, 2), i < u.count, u[i] == UInt8(ascii: ":"), { i += 1; return true }(), digits(2, 2),
              i < u.count, u[i] == UInt8(ascii: ":"), { i += 1; return true }(), digits(2, 2) else { return false }
        return true  // fraction and zone are not checked further: any such text is a timestamp to Psych
    }

    private static func sexagesimal(_ u: [UInt8]) -> ScalarValue? {
        // [-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}(\.[0-9_]*)?
        guard u.contains(UInt8(ascii: ":")) else { return nil }
        let s = String(decoding: u, as: UTF8.self)
        var body = Substring(s)
        var sign = 1.0
        if body.first == "-" { sign = -1; body = body.dropFirst() } else if body.first == "+" { body = body.dropFirst() }
        var fraction: Substring? = nil
        if let dot = body.firstIndex(of: ".") {
            fraction = body[body.index(after: dot)...]
            body = body[..<dot]
        }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        guard let head = parts.first, let h = head.first, isDigit(h.asciiValue ?? 0),
              head.allSatisfy({ $0.isASCII && (isDigit($0.asciiValue!) || $0 == "_") }) else { return nil }
        var total = Double(head.filter { $0 != "_" }) ?? 0
        for p in parts.dropFirst() {
            guard (1...2).contains(p.count), p.allSatisfy({ $0.isASCII && isDigit($0.asciiValue!) }),
                  let v = Int(p), p.count == 1 || p.first! <= "5" else { return nil }
            total = total * 60 + Double(v)
        }
        if let fraction {
            guard fraction.allSatisfy({ $0.isASCII && (isDigit($0.asciiValue!) || $0 == "_") }) else { return nil }
            let f = Double("0." + fraction.filter { $0 != "_" }) ?? 0
            return .float(sign * (total + f))
        }
        // Past Int's range Ruby has a Bignum; a Double keeps the magnitude without trapping.
        let value = sign * total
        guard value > -9.2e18, value < 9.2e18 else { return .float(value) }
        return .int(Int(value))
    }

    /// `^[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?$`
    private static func float(_ s: String, _ u: [UInt8]) -> ScalarValue? {
        var i = 0
        if u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
        let intStart = i
        if i < u.count && isDigit(u[i]) {
            i += 1
            while i < u.count && (isDigit(u[i]) || u[i] == UInt8(ascii: "_") || u[i] == UInt8(ascii: ",")) { i += 1 }
        }
        let hadInt = i > intStart
        guard i < u.count, u[i] == UInt8(ascii: ".") else { return nil }
        i += 1
        let fracStart = i
        while i < u.count && isDigit(u[i]) { i += 1 }
        let hadFrac = i > fracStart
        if i < u.count {
            guard u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") else { return nil }
            i += 1
            guard i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") else { return nil }
            i += 1
            let expStart = i
            while i < u.count && isDigit(u[i]) { i += 1 }
            guard i > expStart, i == u.count else { return nil }
        }
        if !hadInt && !hadFrac { return nil }  // "." or "-." stay strings
        var cleaned = s.filter { $0 != "_" && $0 != "," }
        if cleaned.hasSuffix(".") { cleaned += "0" }
        cleaned = cleaned.replacingOccurrences(of: ".e", with: ".0e").replacingOccurrences(of: ".E", with: ".0E")
        if cleaned.hasPrefix(".") || cleaned.hasPrefix("-.") || cleaned.hasPrefix("+.") {
            cleaned = cleaned.replacingOccurrences(of: ".", with: "0.")
        }
        guard let d = Double(cleaned) else { return nil }
        return .float(d)
    }

    /// Psych's legacy integer forms: binary, octal (leading 0), decimal with `_`/`,`, hex.
    private static func integer(_ s: String, _ u: [UInt8]) -> Int? {
        var body = Substring(s)
        var negative = false
        if body.first == "-" { negative = true; body = body.dropFirst() } else if body.first == "+" { body = body.dropFirst() }
        guard let c = body.first else { return nil }
        var radix = 10
        var digits: Substring
        if body.hasPrefix("0b") {
            radix = 2; digits = body.dropFirst(2)
            guard !digits.isEmpty, digits.allSatisfy({ $0 == "0" || $0 == "1" || $0 == "_" }) else { return nil }
        } else if body.hasPrefix("0x") {
            radix = 16; digits = body.dropFirst(2)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isHexDigit || $0 == "_" }) else { return nil }
        } else if c == "0" && body.count > 1 {
            radix = 8; digits = body.dropFirst()
            guard digits.allSatisfy({ ("0"..."7").contains($0) || $0 == "_" }) else { return nil }
        } else {
            digits = body
            guard c != "0" || body.count == 1 else { return nil }
            guard isDigit(c.asciiValue ?? 0) else { return nil }
            var previousWasDigit = false
            for ch in digits {
                if ch.isASCII && isDigit(ch.asciiValue!) { previousWasDigit = true; continue }
                guard (ch == "_" || ch == ","), previousWasDigit else { return nil }
                previousWasDigit = false
            }
            guard previousWasDigit else { return nil }
        }
        let clean = digits.filter { $0 != "_" && $0 != "," }
        guard let v = Int(clean.isEmpty ? "0" : clean, radix: radix) else { return nil }
        return negative ? -v : v
    }
}
