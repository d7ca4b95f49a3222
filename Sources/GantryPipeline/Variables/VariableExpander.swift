/// `$VAR` and `${VAR}` expansion as GitLab performs it on keyword values; `$$` stays a literal `$`
/// (GitLab's escape). Unknown variables expand to the empty string.
public enum VariableExpander {
    public static func expand(_ text: String, with lookup: (String) -> String?) -> String {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return text }
        var out = ""
        var chars = Substring(text)
        while let dollar = chars.firstIndex(of: "$") {
            out += chars[..<dollar]
            chars = chars[chars.index(after: dollar)...]
            if chars.first == "$" {
                out += "$"
                chars = chars.dropFirst()
            } else if chars.first == "{", let close = chars.firstIndex(of: "}") {
                let name = chars[chars.index(after: chars.startIndex)..<close]
                if isName(name) {
                    out += lookup(String(name)) ?? ""
                    chars = chars[chars.index(after: close)...]
                } else {
                    out += "$"
                }
            } else {
                let name = chars.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                if name.isEmpty {
                    out += "$"
                } else {
                    out += lookup(String(name)) ?? ""
                    chars = chars.dropFirst(name.count)
                }
            }
        }
        out += chars
        return out
    }

    static func isName(_ s: Substring) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
