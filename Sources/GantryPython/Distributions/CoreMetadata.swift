/// A distribution's core metadata: a wheel's `*.dist-info/METADATA` or an sdist's `PKG-INFO`.
/// The format is RFC 822 headers (`Field: value`, continuation lines start with whitespace),
/// then an empty line and the long description as the body. Field names compare
/// case-insensitively; multiple-use fields (`Classifier`, `Requires-Dist`) keep every value.
public struct CoreMetadata: Sendable {
    /// The header fields in file order, continuation lines joined with a newline.
    public let fields: [(name: String, value: String)]
    /// The long description after the headers, if any.
    public let body: String

    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public init(parsing text: String) throws(ParseError) {
        var fields: [(name: String, value: String)] = []
        // "\r\n" is one Character in Swift, so it is a separator of its own.
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t" {
                guard !fields.isEmpty else {
                    throw ParseError(line: index + 1, reason: "a continuation line comes before any field")
                }
                fields[fields.count - 1].value += "\n" + line.drop { $0 == " " || $0 == "\t" }
            } else {
                guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                    throw ParseError(line: index + 1, reason: "'\(line.prefix(60))' is not a 'Field: value' line")
                }
                let name = line[..<colon]
                guard name.unicodeScalars.allSatisfy({ (33...126).contains($0.value) }) else {
                    throw ParseError(line: index + 1, reason: "'\(name)' is not a field name")
                }
                fields.append((String(name), String(line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" })))
            }
            index += 1
        }
        self.fields = fields
        body = index + 1 < lines.count ? lines[(index + 1)...].joined(separator: "\n") : ""
    }

    /// The first value of a field, trailing whitespace removed; nil when absent.
    public subscript(_ name: String) -> String? {
        fields.first { $0.name.equalsIgnoringASCIICase(name) }.map { trimmed($0.value) }
    }

    /// Every value of a multiple-use field, in file order.
    public func all(_ name: String) -> [String] {
        fields.filter { $0.name.equalsIgnoringASCIICase(name) }.map { trimmed($0.value) }
    }

    public var metadataVersion: String? { self["Metadata-Version"] }
    public var name: String? { self["Name"] }
    public var version: String? { self["Version"] }
    public var summary: String? { self["Summary"] }
    public var requiresPython: String? { self["Requires-Python"] }

    private func trimmed(_ value: String) -> String {
        var text = Substring(value)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}

extension String {
    /// ASCII case-insensitive equality, without Foundation.
    fileprivate func equalsIgnoringASCIICase(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return zip(utf8, other.utf8).allSatisfy { a, b in
            a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= 97 && (a | 0x20) <= 122)
        }
    }
}
