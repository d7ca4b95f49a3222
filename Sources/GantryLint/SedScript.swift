import Foundation

/// A `sed` command line as far as lint needs it: whether it edits in place, its files, and the
/// `s` commands of its script with whether an address limits them.
struct SedInvocation {
    struct Substitution {
        var pattern: String
        var replacement: String
        /// An address (`/^\[project\]/,/^\[/`, a line number, `0,/re/`) limits which lines it edits.
        var hasAddress: Bool
    }

    var inPlace = false
    var extended = false
    var files: [String] = []
    var substitutions: [Substitution] = []

    init?(_ arguments: [String]) {
        var scripts: [String] = []
        var operands: [String] = []
        var i = 0
        var optionsDone = false
        while i < arguments.count {
            let a = arguments[i]
            i += 1
            if optionsDone || !a.hasPrefix("-") || a == "-" { operands.append(a); continue }
            if a == "--" { optionsDone = true; continue }
            if a.hasPrefix("--") {
                if a == "--in-place" || a.hasPrefix("--in-place=") { inPlace = true }
                else if a == "--regexp-extended" { extended = true }
                else if a == "--expression", i < arguments.count { scripts.append(arguments[i]); i += 1 }
                else if a.hasPrefix("--expression=") { scripts.append(String(a.dropFirst("--expression=".count))) }
                else if a == "--file", i < arguments.count { i += 1 }
                continue
            }
            var flags = Substring(a.dropFirst())
            while let f = flags.first {
                flags = flags.dropFirst()
                switch f {
                case "i": inPlace = true; flags = ""  // the rest is the backup suffix
                case "E", "r": extended = true
                case "e":
                    if !flags.isEmpty { scripts.append(String(flags)) } else if i < arguments.count { scripts.append(arguments[i]); i += 1 }
                    flags = ""
                case "f", "l":
                    if flags.isEmpty { i += 1 }
                    flags = ""
                default: break
                }
            }
        }
        // BSD sed: `-i ''` (an empty backup suffix as its own word).
        if inPlace, scripts.isEmpty, operands.count > 1, operands[0].isEmpty { operands.removeFirst() }
        if scripts.isEmpty {
            guard !operands.isEmpty else { return nil }
            scripts.append(operands.removeFirst())
        }
        files = operands
        for script in scripts { substitutions += Self.substitutions(in: script) }
    }

    /// The `s` commands of a script, each with whether an address or an addressed `{}` block limits it.
    static func substitutions(in script: String) -> [Substitution] {
        let u = Array(script.utf8)
        var out: [Substitution] = []
        var i = 0
        var blocks: [Bool] = []  // for each open `{`: whether it (or an outer block) has an address
        func skipSpace() { while i < u.count, u[i] == 0x20 || u[i] == 0x09 { i += 1 } }
        /// Reads up to an unescaped `delim`; `\delim` becomes `delim`. Leaves `i` after the delimiter.
        func delimited(_ delim: UInt8) -> String? {
            var text: [UInt8] = []
            while i < u.count {
                let c = u[i]
                if c == UInt8(ascii: "\\"), i + 1 < u.count {
                    if u[i + 1] == delim {
                        // `\|` with `|` as delimiter is a literal `|`, in basic and extended syntax alike.
                        if ".*+?(){}|$".utf8.contains(delim) {
                            text.append(UInt8(ascii: "[")); text.append(delim); text.append(UInt8(ascii: "]"))
                        } else {
                            if "^[]".utf8.contains(delim) { text.append(c) }
                            text.append(delim)
                        }
                    } else {
                        text.append(c); text.append(u[i + 1])
                    }
                    i += 2
                    continue
                }
                if c == delim { i += 1; return String(decoding: text, as: UTF8.self) }
                text.append(c)
                i += 1
            }
            return nil
        }
        func address() -> Bool {
            guard i < u.count else { return false }
            let c = u[i]
            if c == UInt8(ascii: "/") || c == UInt8(ascii: "\\") {
                if c == UInt8(ascii: "\\") { i += 1 }
                guard i < u.count else { return false }
                let d = u[i]
                i += 1
                _ = delimited(d)
                while i < u.count, u[i] == UInt8(ascii: "I") || u[i] == UInt8(ascii: "M") { i += 1 }
                return true
            }
            if (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "$") {
                i += 1
                while i < u.count, (u[i] >= 0x30 && u[i] <= 0x39) || u[i] == UInt8(ascii: "~") { i += 1 }
                return true
            }
            return false
        }
        while i < u.count {
            while i < u.count, u[i] == 0x20 || u[i] == 0x09 || u[i] == 0x0A || u[i] == UInt8(ascii: ";") { i += 1 }
            guard i < u.count else { break }
            var addressed = address()
            if addressed {
                skipSpace()
                if i < u.count, u[i] == UInt8(ascii: ",") {
                    i += 1; skipSpace()
                    if i < u.count, u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "~") { i += 1 }
                    _ = address()
                }
                skipSpace()
                if i < u.count, u[i] == UInt8(ascii: "!") { i += 1; skipSpace() }
            }
            addressed = addressed || blocks.contains(true)
            guard i < u.count else { break }
            let command = u[i]
            i += 1
            switch command {
            case UInt8(ascii: "{"):
                blocks.append(addressed)
            case UInt8(ascii: "}"):
                _ = blocks.popLast()
            case UInt8(ascii: "s"):
                guard i < u.count else { return out }
                let delim = u[i]
                i += 1
                guard let pattern = delimited(delim), let replacement = delimited(delim) else { return out }
                out.append(Substitution(pattern: pattern, replacement: replacement, hasAddress: addressed))
                // flags
                while i < u.count, u[i] != UInt8(ascii: ";"), u[i] != 0x0A, u[i] != UInt8(ascii: "}") { i += 1 }
            case UInt8(ascii: "y"):
                guard i < u.count else { return out }
                let delim = u[i]
                i += 1
                _ = delimited(delim); _ = delimited(delim)
            case UInt8(ascii: "a"), UInt8(ascii: "i"), UInt8(ascii: "c"):
                while i < u.count, u[i] != 0x0A { i += 1 }  // text to the end of the line
            default:
                while i < u.count, u[i] != UInt8(ascii: ";"), u[i] != 0x0A, u[i] != UInt8(ascii: "}") { i += 1 }
            }
        }
        return out
    }
}

/// A sed regular expression (POSIX basic, or extended with `-E`, with GNU's escapes) as an ICU
/// pattern for `NSRegularExpression`. Nil when it uses something that does not translate.
enum SedRegex {
    static func icuPattern(_ pattern: String, extended: Bool) -> String? {
        let chars = Array(pattern.unicodeScalars)
        var out = ""
        var i = 0
        var atStart = true  // where a BRE `*` is literal
        func literal(_ c: Unicode.Scalar) {
            if "\\^$.|?*+()[]{}/".unicodeScalars.contains(c) { out += "\\" }
            out.unicodeScalars.append(c)
        }
        while i < chars.count {
            let c = chars[i]
            i += 1
            switch c {
            case "\\":
                guard i < chars.count else { return nil }
                let e = chars[i]
                i += 1
                switch e {
                case "(", ")", "{", "}", "+", "?", "|":
                    if extended { literal(e) } else { out.unicodeScalars.append(e) }
                    atStart = e == "(" || e == "|"
                    continue
                case "<", ">": out += "\\b"
                case "`": out += "\\A"
                case "'": out += "\\z"
                case "w", "W", "s", "S", "b", "B", "n", "t": out += "\\"; out.unicodeScalars.append(e)
                case "1"..."9": return nil
                default: literal(e)
                }
            case "[":
                // A bracket expression: `]` first is literal, backslash is literal, [:class:] kept.
                var set = "["
                if i < chars.count, chars[i] == "^" { set += "^"; i += 1 }
                var first = true
                var closed = false
                while i < chars.count {
                    let d = chars[i]
                    if d == "]" && !first { closed = true; i += 1; break }
                    if d == "[", i + 1 < chars.count, chars[i + 1] == ":" || chars[i + 1] == "." || chars[i + 1] == "=" {
                        let kind = chars[i + 1]
                        var j = i + 2
                        while j + 1 < chars.count, !(chars[j] == kind && chars[j + 1] == "]") { j += 1 }
                        guard j + 1 < chars.count, kind == ":" else { return nil }
                        set += String(String.UnicodeScalarView(chars[i...(j + 1)]))
                        i = j + 2
                    } else {
                        if "\\[]&-^".unicodeScalars.contains(d) && !(d == "-" && !first && i + 1 < chars.count && chars[i + 1] != "]") {
                            set += "\\"
                        }
                        set.unicodeScalars.append(d)
                        i += 1
                    }
                    first = false
                }
                guard closed else { return nil }
                out += set + "]"
            case "*" where atStart && !extended:
                out += "\\*"
            case "(", ")", "{", "}", "+", "?", "|":
                if extended { out.unicodeScalars.append(c) } else { literal(c) }
                atStart = extended && (c == "(" || c == "|")
                continue
            case "^":
                if extended || atStart { out += "^" } else { out += "\\^" }
                atStart = true
                continue
            case "$":
                let last = i == chars.count || (!extended && i + 1 < chars.count && chars[i] == "\\" && chars[i + 1] == ")")
                out += (extended || last) ? "$" : "\\$"
            case ".", "*":
                out.unicodeScalars.append(c)
            default:
                literal(c)
            }
            atStart = false
        }
        return out
    }
}
