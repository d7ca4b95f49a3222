/// `$VAR` and `${VAR}` expansion as GitLab performs it on keyword values; `$$` stays a literal `$`
/// (GitLab's escape). Unknown variables expand to the empty string.
public enum VariableExpander {
    /// Longest value expansion builds: Linux refuses an environment string of 128 KiB or more
    /// (`MAX_ARG_STRLEN`), so no job could receive a longer one; and ten variables that each
    /// repeat the previous ten times would otherwise ask for 10 GB.
    public static let maxValueBytes = 128 * 1024 - 1

    /// Whether a value is past `maxValueBytes`: expansion stops just past it, so a value that
    /// was cut short is always caught here (see `Planner`).
    public static func isTooLong(_ value: String) -> Bool { value.utf8.count > maxValueBytes }

    /// The expanded text; when it would pass `maxValueBytes` it is cut just past that length.
    public static func expand(_ text: String, with lookup: (String) -> String?) -> String {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return text }
        var out = ""
        var chars = Substring(text)
        func append<S: StringProtocol>(_ piece: S) -> Bool {
            let room = maxValueBytes + 1 - out.utf8.count
            if piece.utf8.count <= room {
                out += piece
                return true
            }
            out += String(decoding: piece.utf8.prefix(room), as: UTF8.self)
            return false
        }
        while let dollar = chars.firstIndex(of: "$") {
            guard append(chars[..<dollar]) else { return out }
            chars = chars[chars.index(after: dollar)...]
            var piece: String
            if chars.first == "$" {
                piece = "$"
                chars = chars.dropFirst()
            } else if chars.first == "{", let close = chars.firstIndex(of: "}") {
                let name = chars[chars.index(after: chars.startIndex)..<close]
                if isName(name) {
                    piece = lookup(String(name)) ?? ""
                    chars = chars[chars.index(after: close)...]
                } else {
                    piece = "$"
                }
            } else {
                let name = chars.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                if name.isEmpty {
                    piece = "$"
                } else {
                    piece = lookup(String(name)) ?? ""
                    chars = chars.dropFirst(name.count)
                }
            }
            guard append(piece) else { return out }
        }
        _ = append(chars)
        return out
    }

    static func isName(_ s: Substring) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
