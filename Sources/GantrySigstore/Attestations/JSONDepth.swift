/// How deeply a JSON text nests arrays and objects, counted without parsing it. Foundation's
/// parser stops at 512 levels on its own with a bare "not in the correct format"; this refuses
/// far less (an attestation needs 16) and says why.
enum JSONDepth {
    static func of(_ text: String) -> Int {
        var depth = 0, deepest = 0
        var inString = false, escaped = false
        for byte in text.utf8 {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}
