extension PEP440Version {
    /// Why a string is not a PEP 440 version.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public var input: String
        public var reason: String

        public var description: String { "'\(input)' is not a PEP 440 version: \(reason)" }
    }

    /// Parses any spelling PEP 440 accepts (the same language as packaging's `VERSION_PATTERN`,
    /// surrounding whitespace and a leading `v` allowed, case-insensitive).
    public init(parsing text: String) throws(ParseError) {
        var scanner = VersionScanner(text)
        self = try scanner.version()
    }

    /// nil when `text` is not a PEP 440 version.
    public init?(_ text: String) {
        guard let version = try? PEP440Version(parsing: text) else { return nil }
        self = version
    }
}

/// A hand-written matcher for packaging's `VERSION_PATTERN`. Where the pattern backtracks, the
/// choices here are the ones that lead to a match: labels match longest first (`preview` before
/// `pre`, `alpha` before `a`), and a separator after a label belongs to that label.
private struct VersionScanner {
    let input: String
    let bytes: [UInt8]
    var i = 0

    init(_ text: String) {
        input = text
        var b = Array(text.utf8)
        while let last = b.last, Self.isSpace(last) { b.removeLast() }
        let start = b.firstIndex(where: { !Self.isSpace($0) }) ?? b.count
        bytes = b[start...].map { ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0 }
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 32 || (c >= 9 && c <= 13) }
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    static func isSeparator(_ c: UInt8) -> Bool { c == 45 || c == 95 || c == 46 }  // - _ .
    static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || (c >= 97 && c <= 122) }

    func peek(_ offset: Int = 0) -> UInt8? { i + offset < bytes.count ? bytes[i + offset] : nil }

    func fail(_ reason: String) -> PEP440Version.ParseError { .init(input: input, reason: reason) }

    mutating func number() throws(PEP440Version.ParseError) -> Int? {
        guard let c = peek(), Self.isDigit(c) else { return nil }
        var value = 0
        while let c = peek(), Self.isDigit(c) {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Int(c - 48))
            if o1 || o2 { throw fail("the number at position \(i + 1) is too large") }
            value = plus
            i += 1
        }
        return value
    }

    /// `[-_.]?(label)[-_.]?(N)?` for one of `labels` (listed longest first where one is a prefix
    /// of another). Returns the matched label and its number, nil (position unchanged) when absent.
    mutating func labelled(_ labels: [String]) throws(PEP440Version.ParseError) -> (label: String, number: Int?)? {
        var j = i
        if j < bytes.count, Self.isSeparator(bytes[j]) { j += 1 }
        guard let label = labels.first(where: { bytes[j...].starts(with: $0.utf8) }) else { return nil }
        i = j + label.utf8.count
        // The separator before the number; a separator without a number is swallowed, which
        // never stops what follows from matching (every later part's own separator is optional).
        if let c = peek(), Self.isSeparator(c) { i += 1 }
        return (label, try number())
    }

    mutating func version() throws(PEP440Version.ParseError) -> PEP440Version {
        guard !bytes.isEmpty else { throw fail("it is empty") }
        if peek() == UInt8(ascii: "v") { i += 1 }
        guard let first = try number() else {
            throw fail("a version starts with a number, like 1.2.3 or v1.2.3")
        }
        var epoch = 0
        var release = [first]
        if peek() == UInt8(ascii: "!") {
            i += 1
            epoch = first
            guard let n = try number() else { throw fail("expected a release number after the epoch '\(first)!'") }
            release = [n]
        }
        while peek() == UInt8(ascii: "."), let d = peek(1), Self.isDigit(d) {
            i += 1
            release.append(try number()!)
        }

        var pre: PEP440Version.PreRelease?
        if let (label, n) = try labelled(["preview", "alpha", "beta", "pre", "rc", "a", "b", "c"]) {
            let kind: PEP440Version.PreReleaseKind = switch label {
            case "alpha", "a": .alpha
            case "beta", "b": .beta
            default: .releaseCandidate
            }
            pre = .init(kind, n ?? 0)
        }

        var post: Int?
        if peek() == UInt8(ascii: "-"), let d = peek(1), Self.isDigit(d) {
            i += 1
            post = try number()
        } else if let (_, n) = try labelled(["post", "rev", "r"]) {
            post = n ?? 0
        }

        var dev: Int?
        if let (_, n) = try labelled(["dev"]) { dev = n ?? 0 }

        var local: [PEP440Version.LocalSegment] = []
        if peek() == UInt8(ascii: "+") {
            i += 1
            while true {
                let start = i
                while let c = peek(), Self.isAlnum(c) { i += 1 }
                guard i > start else {
                    throw fail("a local version label is letters and digits separated by '.', '-' or '_'")
                }
                let part = bytes[start..<i]
                if part.allSatisfy(Self.isDigit) {
                    var copy = self
                    copy.i = start
                    local.append(.number(try copy.number()!))
                } else {
                    local.append(.word(String(decoding: part, as: UTF8.self)))
                }
                guard let c = peek(), Self.isSeparator(c) else { break }
                i += 1
            }
        }

        guard i == bytes.count else {
            let rest = String(decoding: bytes[i...], as: UTF8.self)
            throw fail("unexpected '\(rest)' at position \(i + 1)")
        }
        return PEP440Version(epoch: epoch, release: release, pre: pre, post: post, dev: dev, local: local)
    }
}
