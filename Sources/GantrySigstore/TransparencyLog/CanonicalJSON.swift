import Foundation

/// JSON written the way RFC 8785 (JCS) canonicalizes it, for the values a log entry holds
/// (strings, integers, objects, arrays): keys sorted, no spaces, minimal string escapes. Rekor's
/// entry bodies and the payload of a signed entry timestamp are bytes, so they are written here,
/// not by a general encoder whose choices could change.
indirect enum CanonicalJSON {
    case string(String)
    case int(Int)
    case object([String: CanonicalJSON])
    case array([CanonicalJSON])

    var data: Data { Data(text.utf8) }

    var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .string(let s): CanonicalJSON.quote(s, into: &out)
        case .int(let n): out += String(n)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            // JCS sorts by UTF-16 code units.
            for (i, key) in members.keys.sorted(by: { Array($0.utf16).lexicographicallyPrecedes(Array($1.utf16)) }).enumerated() {
                if i > 0 { out += "," }
                CanonicalJSON.quote(key, into: &out)
                out += ":"
                members[key]!.write(to: &out)
            }
            out += "}"
        }
    }

    private static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
