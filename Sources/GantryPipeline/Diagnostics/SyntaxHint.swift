import GantryYAML

/// Plain words after libyaml's message for the slips behind most YAML syntax errors: a tab in
/// the indentation, no space after a key's `:`, a line indented out of step with its neighbours.
enum SyntaxHint {
    /// `". Hint: ..."`, or "" when none of the usual causes is on the lines around `mark`.
    static func hint(for message: String, bytes: [UInt8], mark: SourceMark) -> String {
        // Scanner and parser errors only: not the limits, encoding errors or unknown aliases.
        let syntax = ["cannot start any token", "expected", "mapping values are not allowed", "block entries are not allowed"]
        guard mark.line > 0, syntax.contains(where: message.contains) else { return "" }
        let lines = Self.lines(bytes, around: mark.line)
        if let (number, _) = lines.first(where: { $0.1.contains(UInt8(ascii: "\t")) }) {
            return ". Hint: line \(number) contains a tab character; YAML indents with spaces only"
        }
        if let (number, key) = lines.lazy.compactMap({ line in missingSpaceKey(line.1).map { (line.0, $0) } }).first {
            return ". Hint: on line \(number) `\(key):` is not followed by a space, so it is not read as a key; write `\(key): ...`"
        }
        if message.contains("quoted scalar") {
            return ". Hint: a quoted string is not closed; every `\"` or `'` that opens a value needs its partner"
        }
        let indentation = ["did not find expected", "could not find expected", "mapping values are not allowed",
                           "block entries are not allowed"]
        guard indentation.contains(where: message.contains) else { return "" }
        return ". Hint: check the indentation of line \(mark.line) and the lines above it: the keys of one mapping start in the same column, a nested value is indented further than its key"
    }

    /// The error's line and the one before it (libyaml often stops on the line after the slip).
    private static func lines(_ bytes: [UInt8], around line: Int) -> [(Int, ArraySlice<UInt8>)] {
        var out: [(Int, ArraySlice<UInt8>)] = []
        var number = 1
        var start = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == UInt8(ascii: "\n") {
            if number == line || number == line - 1 { out.append((number, bytes[start..<i])) }
            if number >= line { break }
            number += 1
            start = i + 1
        }
        return out.reversed()
    }

    /// `key:value` at the start of a line (after indentation or `- `): a word, a colon, then
    /// neither space nor another colon nor `//` (URLs and `::` stay quiet).
    private static func missingSpaceKey(_ line: ArraySlice<UInt8>) -> String? {
        var i = line.startIndex
        while i < line.endIndex, line[i] == UInt8(ascii: " ") || line[i] == UInt8(ascii: "-") { i += 1 }
        let wordStart = i
        func isWord(_ c: UInt8) -> Bool {
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == UInt8(ascii: "_")
                || c == UInt8(ascii: ".") || c == UInt8(ascii: "-")
        }
        while i < line.endIndex, isWord(line[i]) { i += 1 }
        guard i > wordStart, i + 1 < line.endIndex, line[i] == UInt8(ascii: ":") else { return nil }
        let next = line[i + 1]
        guard next != UInt8(ascii: " "), next != UInt8(ascii: ":"), next != UInt8(ascii: "/"), next != 13 else { return nil }
        return String(decoding: line[wordStart..<i], as: UTF8.self)
    }
}
