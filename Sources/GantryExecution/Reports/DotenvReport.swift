import Foundation

/// `artifacts:reports:dotenv`, read as GitLab reads it (`Ci::ParseDotenvArtifactService`,
/// which is stricter than the dotenv gem its documentation mentions):
/// - every line is `KEY=VALUE`, split at the first `=`; key and value lose surrounding white
///   space (Ruby's `strip`); nothing else is interpreted: quotes stay part of the value
///   (`A="x"` gives `"x"` with its quotes), `#` is not a comment, `$X` is not expanded;
/// - a line without `=` is an error, so blank lines (a trailing empty line too) and comment
///   lines are errors, as are multi-line values;
/// - keys are `[A-Za-z0-9_]+` (GitLab's variable-key rule, which allows a leading digit),
///   at most 255 characters;
/// - a key given twice keeps its last value, at its first position;
/// - limits (GitLab's defaults, changeable on self-managed instances): fewer than 5 KiB of
///   file (GitLab measures the gzipped upload; Gantry the file), at most 20 variables in all;
/// - UTF-8, with a byte-order mark dropped; UTF-16 with a byte-order mark (PowerShell's
///   `Out-File`) is converted, and invalid bytes become U+FFFD, as GitLab does.
public enum DotenvReport {
    public struct Limits: Sendable, Equatable {
        /// The report must be smaller than this many bytes.
        public var bytes: Int
        /// At most this many variables.
        public var variables: Int

        public init(bytes: Int = 5 * 1024, variables: Int = 20) {
            self.bytes = bytes
            self.variables = variables
        }
    }

    /// Parses one dotenv file's text; `file` names it in errors. The variables come as
    /// (name, value), in the order of their first appearance.
    public static func parse(_ text: String, file: String, limits: Limits = Limits()) throws(ReportError) -> [(String, String)] {
        try parse([(file, Data(text.utf8))], limits: limits)
    }

    /// Parses one dotenv file's bytes.
    public static func parse(_ data: Data, file: String, limits: Limits = Limits()) throws(ReportError) -> [(String, String)] {
        try parse([(file, data)], limits: limits)
    }

    /// Parses the files of one report (`dotenv: [a.env, b.env]`) as GitLab does: one set of
    /// variables, the size and count limits applying to the whole.
    public static func parse(_ files: [(file: String, data: Data)], limits: Limits = Limits()) throws(ReportError) -> [(String, String)] {
        let size = files.reduce(0) { $0 + $1.data.count }
        guard size < limits.bytes else {
            throw ReportError(file: files.map(\.file).joined(separator: ", "), line: nil,
                              message: "dotenv report too big: \(size) bytes; it must be smaller than \(limits.bytes) bytes")
        }
        var order: [String] = []
        var values: [String: String] = [:]
        for (file, data) in files {
            for (number, line) in lines(of: decode(data)).enumerated() {
                let (name, value) = try parseLine(line, file: file, line: number + 1)
                if values.updateValue(value, forKey: name) == nil { order.append(name) }
            }
        }
        guard order.count <= limits.variables else {
            throw ReportError(file: files.map(\.file).joined(separator: ", "), line: nil,
                              message: "dotenv files cannot have more than \(limits.variables) variables (found \(order.count))")
        }
        return order.map { ($0, values[$0] ?? "") }
    }

    private static func parseLine(_ line: Substring.UnicodeScalarView, file: String, line number: Int) throws(ReportError) -> (String, String) {
        guard let equals = line.firstIndex(of: "=") else {
            let trimmed = rubyStrip(line)
            let reason: String
            if trimmed.isEmpty {
                reason = "empty line: GitLab's dotenv report allows no blank lines, a trailing one included"
            } else if trimmed.first == "#" {
                reason = "comment: GitLab's dotenv report allows no comments"
            } else {
                reason = "invalid format: expected KEY=VALUE"
            }
            throw ReportError(file: file, line: number, message: reason)
        }
        let name = String(Substring(rubyStrip(line[..<equals])))
        let value = String(Substring(rubyStrip(line[line.index(after: equals)...])))
        guard !name.isEmpty else {
            throw ReportError(file: file, line: number, message: "invalid format: the variable name is empty")
        }
        if name.hasPrefix("#") {
            throw ReportError(file: file, line: number, message: "comment: GitLab's dotenv report allows no comments")
        }
        guard name.utf8.allSatisfy(isKeyByte) else {
            throw ReportError(file: file, line: number,
                              message: "invalid variable name \"\(name)\": it can contain only letters, digits and '_'")
        }
        guard name.utf8.count <= 255 else {
            throw ReportError(file: file, line: number, message: "variable name too long: at most 255 characters")
        }
        return (name, value)
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): true
        default: false
        }
    }

    /// Ruby's `each_line`: pieces ending in `\n`, the last one possibly without; here
    /// without their `\n`. An empty text has no lines.
    private static func lines(of text: String) -> [Substring.UnicodeScalarView] {
        guard !text.isEmpty else { return [] }
        var result = Substring(text).unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        if text.unicodeScalars.last == "\n" { result.removeLast() }
        return result
    }

    /// Ruby's `strip`: ASCII white space and NUL at both ends.
    private static func rubyStrip(_ text: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView {
        let isSpace: (Unicode.Scalar) -> Bool = { c in
            c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" || c == "\0"
        }
        var start = text.startIndex
        var end = text.endIndex
        while start < end, isSpace(text[start]) { start = text.index(after: start) }
        while end > start, isSpace(text[text.index(before: end)]) { end = text.index(before: end) }
        return text[start..<end]
    }

    private static func decode(_ data: Data) -> String {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            var units: [UInt16] = []
            var i = 2
            while i + 1 < bytes.count {
                let (a, b) = (UInt16(bytes[i]), UInt16(bytes[i + 1]))
                units.append(little ? a | b << 8 : a << 8 | b)
                i += 2
            }
            return String(decoding: units, as: UTF16.self)
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        return String(decoding: body, as: UTF8.self)
    }
}
