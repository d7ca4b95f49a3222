/// The parser behind `TOMLDocument`: one pass over the bytes, recording entries and sections, and
/// the definitions TOML forbids repeating.
struct TOMLReader {
    private let document: TOMLDocument
    private let b: [UInt8]
    private var pos = 0
    private(set) var entries: [TOMLDocument.Entry] = []
    private(set) var tables: [TOMLDocument.Table] = []

    /// What a key path (with array-of-tables element indices) already is.
    private enum Definition {
        case value, headerTable, implicitTable, dottedTable, arrayOfTables(count: Int)
    }
    private var definitions: [[String]: (kind: Definition, line: Int)] = [:]

    /// Where key/values currently go.
    private struct Scope {
        var identity: [String]  // with "#N" after arrays of tables
        var path: [String]      // plain keys
        var inArray: Bool
        var section: Int?
    }

    init(document: TOMLDocument) {
        self.document = document
        b = document.bytes
    }

    // MARK: Errors

    private func error(_ message: String, at offset: Int? = nil) -> TOMLError {
        let (line, column) = document.location(of: offset ?? pos)
        return TOMLError(line: line, column: column, message: message)
    }

    private func describe(_ offset: Int) -> String {
        guard offset < b.count else { return "the end of the file" }
        switch b[offset] {
        case 10: return "the end of the line"
        case 13: return "a carriage return"
        case 9: return "a tab"
        case 32: return "a space"
        default:
            var end = offset + 1
            while end < b.count, b[end] & 0xC0 == 0x80 { end += 1 }
            return "'\(String(decoding: b[offset..<end], as: UTF8.self))'"
        }
    }

    // MARK: Document

    mutating func read() throws(TOMLError) {
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }
        var scope = Scope(identity: [], path: [], inArray: false, section: nil)
        while pos < b.count {
            let lineStart = pos
            skipSpaces()
            guard pos < b.count else { break }
            if atNewline() || b[pos] == UInt8(ascii: "#") {
                try endOfLine()
                continue
            }
            if b[pos] == UInt8(ascii: "[") {
                scope = try header()
                continue
            }
            let first = entries.count
            try keyValue(in: scope, lineStart: lineStart)
            try endOfLine()
            for i in first..<entries.count { entries[i].lineEnd = pos }
            if let section = scope.section { tables[section].entriesEnd = pos }
        }
    }

    private mutating func skipSpaces() {
        while pos < b.count, b[pos] == 32 || b[pos] == 9 { pos += 1 }
    }

    private func atNewline() -> Bool {
        pos < b.count && (b[pos] == 10 || (b[pos] == 13 && pos + 1 < b.count && b[pos + 1] == 10))
    }

    /// Optional spaces and comment, then a newline or the end of the file.
    private mutating func endOfLine() throws(TOMLError) {
        skipSpaces()
        if pos < b.count, b[pos] == UInt8(ascii: "#") { try comment() }
        if pos == b.count { return }
        if b[pos] == 10 { pos += 1; return }
        if b[pos] == 13, pos + 1 < b.count, b[pos + 1] == 10 { pos += 2; return }
        if b[pos] == 13 { throw error("a carriage return must be followed by a newline") }
        throw error("expected the end of the line, found \(describe(pos))")
    }

    private mutating func comment() throws(TOMLError) {
        pos += 1
        while pos < b.count, b[pos] != 10 {
            if b[pos] == 13, pos + 1 < b.count, b[pos + 1] == 10 { break }
            if isForbiddenControl(b[pos]) { throw error("control character \(describe(pos)) in a comment") }
            pos += 1
        }
    }

    private func isForbiddenControl(_ c: UInt8) -> Bool { (c < 0x20 && c != 9) || c == 0x7F }

    /// Spaces, newlines and comments (inside arrays and inline tables).
    private mutating func skipBlank() throws(TOMLError) {
        while pos < b.count {
            skipSpaces()
            if pos < b.count, b[pos] == UInt8(ascii: "#") { try comment() }
            if atNewline() { pos += b[pos] == 13 ? 2 : 1 } else { break }
        }
    }

    // MARK: Tables

    private mutating func header() throws(TOMLError) -> Scope {
        let start = pos
        let (line, _) = document.location(of: start)
        let isArray = pos + 1 < b.count && b[pos + 1] == UInt8(ascii: "[")
        pos += isArray ? 2 : 1
        let keys = try key().map(\.name)
        skipSpaces()
        let close: [UInt8] = isArray ? [93, 93] : [93]
        guard b[pos...].starts(with: close) else {
            throw error("expected '\(isArray ? "]]" : "]")' to close the table header, found \(describe(pos))")
        }
        pos += close.count
        let shown = "[\(isArray ? "[" : "")\(keys.joined(separator: "."))\(isArray ? "]" : "")]"

        var identity: [String] = []
        var inArray = false
        for (i, k) in keys.enumerated() {
            identity.append(k)
            let last = i == keys.count - 1
            let existing = definitions[identity]
            switch existing?.kind {
            case nil:
                if last {
                    definitions[identity] = (isArray ? .arrayOfTables(count: 1) : .headerTable, line)
                    if isArray { identity.append("#0"); inArray = true }
                } else {
                    definitions[identity] = (.implicitTable, line)
                }
            case .implicitTable:
                if last {
                    guard !isArray else {
                        throw error("\(shown) is an array of tables, but \(keys.prefix(i + 1).joined(separator: ".")) is already a table (line \(existing!.line))", at: start)
                    }
                    definitions[identity] = (.headerTable, line)
                }
            case .headerTable, .dottedTable:
                if last {
                    throw error("table \(shown) is defined twice (first at line \(existing!.line))", at: start)
                }
            case .value:
                throw error("\(keys.prefix(i + 1).joined(separator: ".")) already holds a value (line \(existing!.line)); it cannot also be a table", at: start)
            case .arrayOfTables(let count):
                if last {
                    guard isArray else {
                        throw error("table \(shown) is defined twice: it is an array of tables (line \(existing!.line))", at: start)
                    }
                    definitions[identity] = (.arrayOfTables(count: count + 1), existing!.line)
                    identity.append("#\(count)")
                } else {
                    identity.append("#\(count - 1)")
                }
                inArray = true
            }
        }
        try endOfLine()
        tables.append(.init(path: keys, isArrayOfTables: isArray, inArray: inArray, line: line,
                            headerLineEnd: pos, entriesEnd: pos))
        return Scope(identity: identity, path: keys, inArray: inArray, section: tables.count - 1)
    }

    // MARK: Keys

    private mutating func key() throws(TOMLError) -> [(name: String, offset: Int)] {
        var keys: [(String, Int)] = []
        while true {
            skipSpaces()
            let start = pos
            guard pos < b.count else { throw error("expected a key, found the end of the file") }
            switch b[pos] {
            case UInt8(ascii: "\""):
                guard !b[pos...].starts(with: [34, 34, 34]) else { throw error("a key cannot be a multi-line string") }
                keys.append((try basicString(), start))
            case UInt8(ascii: "'"):
                guard !b[pos...].starts(with: [39, 39, 39]) else { throw error("a key cannot be a multi-line string") }
                keys.append((try literalString(), start))
            default:
                while pos < b.count, isBareKeyByte(b[pos]) { pos += 1 }
                guard pos > start else {
                    throw error("expected a key (letters, digits, '-', '_' or a quoted string), found \(describe(start))")
                }
                keys.append((String(decoding: b[start..<pos], as: UTF8.self), start))
            }
            skipSpaces()
            guard pos < b.count, b[pos] == UInt8(ascii: ".") else { return keys }
            pos += 1
        }
    }

    private func isBareKeyByte(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 95
    }

    /// `key = value` at `pos`, defined under `scope`.
    private mutating func keyValue(in scope: Scope, lineStart: Int) throws(TOMLError) {
        let keyStart = pos
        let keys = try key()
        let keyEnd = pos
        let (line, column) = document.location(of: keyStart)
        var identity = scope.identity
        for (i, k) in keys.enumerated() {
            identity.append(k.name)
            let dotted = (scope.path + keys.prefix(i + 1).map(\.name)).joined(separator: ".")
            let existing = definitions[identity]
            if i < keys.count - 1 {
                switch existing?.kind {
                case nil: definitions[identity] = (.dottedTable, line)
                case .dottedTable, .implicitTable: break
                case .headerTable:
                    throw error("\(dotted) is a table with its own header (line \(existing!.line)); add to it there, not with a dotted key", at: k.offset)
                case .value:
                    throw error("\(dotted) already holds a value (line \(existing!.line)); it cannot also be a table", at: k.offset)
                case .arrayOfTables:
                    throw error("\(dotted) is an array of tables (line \(existing!.line)); a dotted key cannot add to it", at: k.offset)
                }
            } else {
                if let existing {
                    throw error("duplicate key \(dotted) (first at line \(existing.line))", at: k.offset)
                }
                definitions[identity] = (.value, line)
            }
        }
        let trimmedKeyEnd = keyEnd
        skipSpaces()
        guard pos < b.count, b[pos] == UInt8(ascii: "=") else {
            throw error("expected '=' after the key \(keys.map(\.name).joined(separator: ".")), found \(describe(pos))")
        }
        pos += 1
        skipSpaces()
        let path = scope.path + keys.map(\.name)
        let entryIndex = entries.count
        entries.append(.init(path: path, inArray: scope.inArray, line: line, column: column,
                             keyRange: keyStart..<trimmedKeyEnd, node: .init(value: .inlineTable, range: pos..<pos, line: 0, column: 0),
                             lineEnd: 0, section: scope.section, lineStart: lineStart))
        let node = try value(identity: identity, path: path, inArray: scope.inArray)
        entries[entryIndex].node = node
    }

    // MARK: Values

    private mutating func value(identity: [String], path: [String], inArray: Bool) throws(TOMLError) -> TOMLDocument.Node {
        let start = pos
        let (line, column) = document.location(of: start)
        guard pos < b.count, !atNewline() else { throw error("expected a value after '='") }
        let value: TOMLDocument.Value
        switch b[pos] {
        case UInt8(ascii: "\""):
            if b[pos...].starts(with: [34, 34, 34]) {
                value = .string(try multilineString(quote: 34), .multilineBasic)
            } else {
                value = .string(try basicString(), .basic)
            }
        case UInt8(ascii: "'"):
            if b[pos...].starts(with: [39, 39, 39]) {
                value = .string(try multilineString(quote: 39), .multilineLiteral)
            } else {
                value = .string(try literalString(), .literal)
            }
        case UInt8(ascii: "["):
            value = .array(try array(identity: identity, path: path))
        case UInt8(ascii: "{"):
            try inlineTable(identity: identity, path: path, inArray: inArray, opened: line)
            value = .inlineTable
        default:
            value = .scalar(try scalar())
        }
        return .init(value: value, range: start..<pos, line: line, column: column)
    }

    private mutating func array(identity: [String], path: [String]) throws(TOMLError) -> [TOMLDocument.Node] {
        let (line, _) = document.location(of: pos)
        pos += 1
        var items: [TOMLDocument.Node] = []
        while true {
            try skipBlank()
            guard pos < b.count else { throw error("the array opened on line \(line) is not closed") }
            if b[pos] == UInt8(ascii: "]") { pos += 1; return items }
            items.append(try value(identity: identity + ["[\(items.count)]"], path: path, inArray: true))
            try skipBlank()
            guard pos < b.count else { throw error("the array opened on line \(line) is not closed") }
            if b[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if b[pos] == UInt8(ascii: "]") { pos += 1; return items }
            throw error("expected ',' or ']' in the array opened on line \(line), found \(describe(pos))")
        }
    }

    private mutating func inlineTable(identity: [String], path: [String], inArray: Bool, opened line: Int) throws(TOMLError) {
        pos += 1
        let scope = Scope(identity: identity, path: path, inArray: inArray, section: nil)
        while true {
            try skipBlank()
            guard pos < b.count else { throw error("the inline table opened on line \(line) is not closed") }
            if b[pos] == UInt8(ascii: "}") { pos += 1; return }
            try keyValue(in: scope, lineStart: document.lineStart(of: pos))
            try skipBlank()
            guard pos < b.count else { throw error("the inline table opened on line \(line) is not closed") }
            if b[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if b[pos] == UInt8(ascii: "}") { pos += 1; return }
            throw error("expected ',' or '}' in the inline table opened on line \(line), found \(describe(pos))")
        }
    }

    // MARK: Strings

    private mutating func basicString() throws(TOMLError) -> String {
        let open = pos
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < b.count, b[pos] != 10, b[pos] != 13 else {
                throw error("the string opened at column \(document.location(of: open).column) is not closed on its line", at: open)
            }
            let c = b[pos]
            if c == 34 { pos += 1; break }
            if c == 92 { try escape(into: &out); continue }
            if isForbiddenControl(c) { throw error("control character \(describe(pos)) in a string; write it as an escape") }
            out.append(c)
            pos += 1
        }
        return try text(out, at: open)
    }

    private mutating func literalString() throws(TOMLError) -> String {
        let open = pos
        pos += 1
        let start = pos
        while true {
            guard pos < b.count, b[pos] != 10, b[pos] != 13 else {
                throw error("the string opened at column \(document.location(of: open).column) is not closed on its line", at: open)
            }
            if b[pos] == 39 { break }
            if isForbiddenControl(b[pos]) { throw error("control character \(describe(pos)) in a string") }
            pos += 1
        }
        defer { pos += 1 }
        return try text(Array(b[start..<pos]), at: open)
    }

    /// `"""..."""` (with escapes) or `'''...'''`: a newline right after the opening quotes is not
    /// part of the value; up to two quotes may end the value right before the closing three.
    private mutating func multilineString(quote: UInt8) throws(TOMLError) -> String {
        let open = pos
        let (line, _) = document.location(of: open)
        pos += 3
        if atNewline() { pos += b[pos] == 13 ? 2 : 1 }
        var out: [UInt8] = []
        while true {
            guard pos < b.count else { throw error("the multi-line string opened on line \(line) is not closed", at: open) }
            let c = b[pos]
            if c == quote {
                var n = 0
                while pos + n < b.count, b[pos + n] == quote { n += 1 }
                if n >= 3 {
                    guard n <= 5 else { throw error("too many quotes (\(n)) closing the multi-line string", at: pos) }
                    out += Array(repeating: quote, count: n - 3)
                    pos += n
                    break
                }
                out += Array(repeating: quote, count: n)
                pos += n
                continue
            }
            if c == 92 && quote == 34 {
                // A backslash at the end of a line drops the newline and the whitespace after it.
                var j = pos + 1
                while j < b.count, b[j] == 32 || b[j] == 9 { j += 1 }
                if j < b.count, b[j] == 10 || (b[j] == 13 && j + 1 < b.count && b[j + 1] == 10) {
                    pos = j
                    while pos < b.count, b[pos] == 32 || b[pos] == 9 || b[pos] == 10 || b[pos] == 13 { pos += 1 }
                    continue
                }
                try escape(into: &out)
                continue
            }
            if c == 13 {
                guard pos + 1 < b.count, b[pos + 1] == 10 else { throw error("a carriage return must be followed by a newline") }
                out.append(10)
                pos += 2
                continue
            }
            if c != 10 && isForbiddenControl(c) { throw error("control character \(describe(pos)) in a string") }
            out.append(c)
            pos += 1
        }
        return try text(out, at: open)
    }

    private mutating func escape(into out: inout [UInt8]) throws(TOMLError) {
        let at = pos
        pos += 1
        guard pos < b.count else { throw error("a backslash at the end of the file", at: at) }
        let c = b[pos]
        pos += 1
        switch c {
        case UInt8(ascii: "b"): out.append(8)
        case UInt8(ascii: "t"): out.append(9)
        case UInt8(ascii: "n"): out.append(10)
        case UInt8(ascii: "f"): out.append(12)
        case UInt8(ascii: "r"): out.append(13)
        case UInt8(ascii: "e"): out.append(27)
        case UInt8(ascii: "\""): out.append(34)
        case UInt8(ascii: "\\"): out.append(92)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = c == UInt8(ascii: "x") ? 2 : c == UInt8(ascii: "u") ? 4 : 8
            guard pos + digits <= b.count,
                  let code = UInt32(String(decoding: b[pos..<pos + digits], as: UTF8.self), radix: 16),
                  let scalar = Unicode.Scalar(code) else {
                throw error("invalid escape \\\(Character(Unicode.Scalar(c))): expected \(digits) hex digits of a Unicode scalar", at: at)
            }
            out += Array(String(Character(scalar)).utf8)
            pos += digits
        default:
            throw error("invalid escape \\\(Character(Unicode.Scalar(c))) (use \\\\ for a backslash)", at: at)
        }
    }

    private func text(_ bytes: [UInt8], at offset: Int) throws(TOMLError) -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else { throw error("a string that is not UTF-8", at: offset) }
        return s
    }

    // MARK: Numbers, booleans, dates

    private mutating func scalar() throws(TOMLError) -> String {
        let start = pos
        func isEnd(_ c: UInt8) -> Bool {
            c == 32 || c == 9 || c == 10 || c == 13 || c == 44 || c == 93 || c == 125 || c == 35
        }
        while pos < b.count, !isEnd(b[pos]) { pos += 1 }
        // A date and a time may be separated by one space: 1979-05-27 07:32:00Z.
        if pos - start == 10, pos + 3 < b.count, b[pos] == 32, isDigit(b[pos + 1]), isDigit(b[pos + 2]), b[pos + 3] == 58,
           TOMLScalar.isDate(Array(b[start..<pos])) {
            pos += 1
            while pos < b.count, !isEnd(b[pos]) { pos += 1 }
        }
        let token = String(decoding: b[start..<pos], as: UTF8.self)
        guard pos > start else { throw error("expected a value, found \(describe(start))", at: start) }
        guard TOMLScalar.isValid(Array(b[start..<pos])) else {
            throw error("invalid value \(token) (strings need quotes: \"\(token)\")", at: start)
        }
        return token
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
}

/// TOML's unquoted values: booleans, integers (decimal, hex, octal, binary), floats, dates and times.
enum TOMLScalar {
    static func isValid(_ t: [UInt8]) -> Bool {
        let s = String(decoding: t, as: UTF8.self)
        if s == "true" || s == "false" { return true }
        if ["inf", "+inf", "-inf", "nan", "+nan", "-nan"].contains(s) { return true }
        if isDateTime(t) { return true }
        return isNumber(t)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Digits with single underscores between them, from `i`; returns the end or nil.
    private static func digits(_ t: [UInt8], _ i: Int, _ ok: (UInt8) -> Bool = isDigit) -> Int? {
        var j = i
        guard j < t.count, ok(t[j]) else { return nil }
        j += 1
        while j < t.count {
            if ok(t[j]) { j += 1 } else if t[j] == 95, j + 1 < t.count, ok(t[j + 1]) { j += 2 } else { break }
        }
        return j
    }

    static func isNumber(_ t: [UInt8]) -> Bool {
        guard !t.isEmpty else { return false }
        if t.count > 2, t[0] == 48, [UInt8(ascii: "x"), UInt8(ascii: "o"), UInt8(ascii: "b")].contains(t[1]) {
            let ok: (UInt8) -> Bool = switch t[1] {
            case UInt8(ascii: "x"): { isDigit($0) || ($0 >= 97 && $0 <= 102) || ($0 >= 65 && $0 <= 70) }
            case UInt8(ascii: "o"): { $0 >= 48 && $0 <= 55 }
            default: { $0 == 48 || $0 == 49 }
            }
            return digits(t, 2, ok) == t.count
        }
        var i = 0
        if t[i] == 43 || t[i] == 45 { i += 1 }
        guard let intEnd = digits(t, i) else { return false }
        // No leading zeros: 0, 0.5 and 0e1 are fine, 01 is not.
        if t[i] == 48 && intEnd - i > 1 { return false }
        i = intEnd
        if i < t.count, t[i] == 46 {
            guard let fracEnd = digits(t, i + 1) else { return false }
            i = fracEnd
        }
        if i < t.count, t[i] == 101 || t[i] == 69 {
            i += 1
            if i < t.count, t[i] == 43 || t[i] == 45 { i += 1 }
            guard let expEnd = digits(t, i) else { return false }
            i = expEnd
        }
        return i == t.count
    }

    private static func fixed(_ t: [UInt8], _ i: Int, _ pattern: String) -> Bool {
        let p = Array(pattern.utf8)
        guard i + p.count <= t.count else { return false }
        for (k, c) in p.enumerated() {
            if c == UInt8(ascii: "D") { if !isDigit(t[i + k]) { return false } } else if t[i + k] != c { return false }
        }
        return true
    }

    static func isDate(_ t: [UInt8]) -> Bool { t.count == 10 && fixed(t, 0, "DDDD-DD-DD") }

    /// `HH:MM[:SS[.fff]]` from `i`; returns the end.
    private static func time(_ t: [UInt8], _ i: Int) -> Int? {
        guard fixed(t, i, "DD:DD") else { return nil }
        var j = i + 5
        if fixed(t, j, ":DD") {
            j += 3
            if j < t.count, t[j] == 46 {
                guard let end = digits(t, j + 1, isDigit) else { return nil }
                j = end
            }
        }
        return j
    }

    static func isDateTime(_ t: [UInt8]) -> Bool {
        if let end = time(t, 0) { return end == t.count }
        guard t.count >= 10, fixed(t, 0, "DDDD-DD-DD") else { return false }
        if t.count == 10 { return true }
        guard [UInt8(ascii: "T"), UInt8(ascii: "t"), 32].contains(t[10]), var j = time(t, 11) else { return false }
        if j == t.count { return true }
        if t[j] == UInt8(ascii: "Z") || t[j] == UInt8(ascii: "z") { j += 1 } else if t[j] == 43 || t[j] == 45, fixed(t, j + 1, "DD:DD") {
            j += 6
        } else {
            return false
        }
        return j == t.count
    }
}
