/// A Python module that states its version: `__version__ = "1.2.3"` (or `__version__: str = '1.2.3'`)
/// at the top level. Rewriting changes only the characters between the quotes.
public enum VersionFile {
    /// `bytes` with every top-level plain-string `__version__` assignment set to `version`, and the
    /// lines changed (1-based). An error names the file (and line) when there is no such assignment.
    public static func rewrite(_ bytes: [UInt8], version: String, file: String) throws(PythonProjectError) -> (bytes: [UInt8], lines: [Int]) {
        var ranges: [(range: Range<Int>, line: Int)] = []
        var computed: [Int] = []
        var lineStart = 0
        var line = 1
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 10 { lineEnd += 1 }
            switch assignment(bytes, lineStart, lineEnd) {
            case .plain(let range): ranges.append((range, line))
            case .computed: computed.append(line)
            case .none: break
            }
            lineStart = lineEnd + 1
            line += 1
        }
        guard !ranges.isEmpty else {
            if let first = computed.first {
                throw PythonProjectError(file: file, line: first, "__version__ is not a plain string here, so it cannot be stamped; write it as __version__ = \"0.0.0\" or remove the file from [tool.gantry.version].files")
            }
            throw PythonProjectError(file: file, "no top-level line __version__ = \"...\" to stamp the version into (listed in [tool.gantry.version].files)")
        }
        var out: [UInt8] = []
        var cursor = 0
        let replacement = Array(version.utf8)
        for (range, _) in ranges {
            out += bytes[cursor..<range.lowerBound]
            out += replacement
            cursor = range.upperBound
        }
        out += bytes[cursor...]
        let changed = ranges.filter { Array(bytes[$0.range]) != replacement }.map(\.line)
        return (out, changed)
    }

    private enum Assignment {
        case plain(Range<Int>)  // the characters between the quotes
        case computed
        case none
    }

    private static func assignment(_ b: [UInt8], _ start: Int, _ end: Int) -> Assignment {
        let name = Array("__version__".utf8)
        guard end - start >= name.count, Array(b[start..<start + name.count]) == name else { return .none }
        var i = start + name.count
        func isIdentifier(_ c: UInt8) -> Bool { c == 95 || (c >= 48 && c <= 57) || (c | 0x20 >= 97 && c | 0x20 <= 122) || c >= 0x80 }
        if i < end, isIdentifier(b[i]) { return .none }  // __version__info = ...
        func spaces() { while i < end, b[i] == 32 || b[i] == 9 { i += 1 } }
        spaces()
        if i < end, b[i] == UInt8(ascii: ":") {  // an annotation: __version__: str = "..."
            while i < end, b[i] != UInt8(ascii: "="), b[i] != UInt8(ascii: "#") { i += 1 }
        }
        guard i < end, b[i] == UInt8(ascii: "="), !(i + 1 < end && b[i + 1] == UInt8(ascii: "=")) else { return .none }
        i += 1
        spaces()
        guard i < end, b[i] == 34 || b[i] == 39 else { return .computed }
        let quote = b[i]
        if i + 2 < end, b[i + 1] == quote, b[i + 2] == quote { return .computed }  // triple-quoted
        let open = i + 1
        i = open
        while i < end, b[i] != quote {
            if b[i] == 92 { return .computed }  // escapes: not a version
            i += 1
        }
        guard i < end else { return .computed }
        let close = i
        i += 1
        spaces()
        let rest = i < end ? b[i] : 10
        guard rest == 10 || rest == 13 || rest == UInt8(ascii: "#") || rest == UInt8(ascii: ";") else { return .computed }
        return .plain(open..<close)
    }
}
