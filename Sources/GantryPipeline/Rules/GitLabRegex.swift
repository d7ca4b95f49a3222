import CRE2
import Foundation

/// A regular expression as GitLab runs it in variable expressions, `only`/`except` refs and
/// coverage: RE2 itself (`Gitlab::UntrustedRegexp`), flags `i`, `m`, `s`, `U` prepended as
/// `(?flags)`. RE2 runs in time linear in the text, so `/(a|a)*b/` on a long value answers at once.
///
/// RE2 serves every use Gantry has, so the ICU translation Gantry used before (and its
/// backtracking engine) is gone: no regex from a pipeline reaches NSRegularExpression.
public final class GitLabRegex: @unchecked Sendable {  // RE2 objects are immutable and thread-safe to match with.
    /// The RE2 source GitLab builds, `(?flags)pattern`; GitLab compares regexes by it.
    public let source: String
    private let raw: OpaquePointer
    private let groupCount: Int

    private init(source: String, raw: OpaquePointer) {
        self.source = source
        self.raw = raw
        self.groupCount = Int(cre2_groups(raw))
    }

    deinit { cre2_free(raw) }

    /// Whether the pattern matches anywhere in `text` (GitLab: `scan(text).present?`).
    public func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { match($0, from: 0, groups: 0) } != nil
    }

    /// The first match in `text`: the whole match, then each capture group (nil where a group
    /// took no part in the match). Nil when nothing matches.
    public func firstMatch(in text: String) -> [String?]? {
        var text = text
        return text.withUTF8 { bytes in
            match(bytes, from: 0, groups: groupCount).map { strings(of: $0, in: bytes) }
        }
    }

    /// GitLab's `UntrustedRegexp#scan`: every non-overlapping match in `text`, each as its
    /// capture groups, or as the whole match when the pattern has no groups. An empty match
    /// moves on by one character, as RE2's scanner does.
    public func scan(_ text: String) -> [[String?]] {
        var text = text
        return text.withUTF8 { bytes in
            var out: [[String?]] = []
            var start = 0
            while start <= bytes.count, let ranges = match(bytes, from: start, groups: groupCount) {
                let groups = strings(of: ranges, in: bytes)
                out.append(groups.count == 1 ? groups : Array(groups.dropFirst()))
                if ranges[1] > ranges[0] {
                    start = ranges[1]
                } else {
                    start = ranges[1] + 1
                    while start < bytes.count, bytes[start] & 0xC0 == 0x80 { start += 1 }
                }
            }
            return out
        }
    }

    /// Byte ranges (begin, end) of the match and `groups` groups, or nil without a match.
    private func match(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, groups: Int) -> [Int]? {
        var ranges = [Int](repeating: -1, count: 2 * (groups + 1))
        let found = bytes.withMemoryRebound(to: CChar.self) { text in
            ranges.withUnsafeMutableBufferPointer { out in
                cre2_match(raw, text.baseAddress, text.count, start, out.baseAddress, Int32(groups + 1))
            }
        }
        return found == 1 ? ranges : nil
    }

    private func strings(of ranges: [Int], in bytes: UnsafeBufferPointer<UInt8>) -> [String?] {
        stride(from: 0, to: ranges.count, by: 2).map { i in
            ranges[i] < 0 ? nil : String(decoding: bytes[ranges[i]..<ranges[i + 1]], as: UTF8.self)
        }
    }

    /// Compiles an RE2 pattern with GitLab's flag letters; RE2's reason on failure. Cached.
    public static func compile(pattern: String, flags: String) -> Result<GitLabRegex, RegexSyntaxError> {
        let key = flags + "/" + pattern
        if let cached = cache.lookup(key) { return cached }
        let source = (flags.isEmpty ? "" : "(?\(flags))") + pattern
        var error = [CChar](repeating: 0, count: 256)
        let raw = source.utf8CString.withUnsafeBufferPointer { text in
            cre2_compile(text.baseAddress, text.count - 1, &error, error.count)
        }
        let result: Result<GitLabRegex, RegexSyntaxError>
        if let raw {
            result = .success(GitLabRegex(source: source, raw: raw))
        } else {
            let reason = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            result = .failure(RegexSyntaxError(reason: reason.isEmpty ? "invalid regular expression" : reason))
        }
        cache.store(key, result)
        return result
    }

    /// GitLab's `Pattern.build`: `\/` becomes `/`, then `UntrustedRegexp::RubySyntax` wants
    /// `/pattern/flags`. Nil if the text is not of that form.
    public static func splitLiteral(_ text: String) -> (pattern: String, flags: String)? {
        let unescaped = text.contains("\\/") ? text.replacingOccurrences(of: "\\/", with: "/") : text
        return rubySyntax(unescaped)
    }

    /// GitLab's `Pattern.build_and_evaluate` for a string on the right of `=~` / `!~`:
    /// the regex if the string is a valid `/pattern/flags`, else nil (GitLab then falls back
    /// to a plain substring search).
    public static func fromValue(_ value: String) -> GitLabRegex? {
        guard value.utf8.contains(UInt8(ascii: "/")), let (pattern, flags) = splitLiteral(value) else { return nil }
        return try? compile(pattern: pattern, flags: flags).get()
    }

    /// `RubySyntax::PATTERN`, `^/(?<regexp>.*)/(?<flags>[ismU]*)$`, with Ruby's line anchors
    /// and a `.` that stops at `\n`: the first line shaped `/…/flags` wins, the body running
    /// to that line's last slash.
    private static func rubySyntax(_ text: String) -> (pattern: String, flags: String)? {
        let bytes = Array(text.utf8)
        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            if lineEnd - lineStart >= 2, bytes[lineStart] == UInt8(ascii: "/") {
                var close = lineEnd - 1
                while close > lineStart, bytes[close] != UInt8(ascii: "/") { close -= 1 }
                if close > lineStart, bytes[(close + 1)..<lineEnd].allSatisfy(ExpressionLexer.isPatternFlag) {
                    let pattern = String(decoding: bytes[(lineStart + 1)..<close], as: UTF8.self)
                    let flags = String(decoding: bytes[(close + 1)..<lineEnd], as: UTF8.self)
                    return (pattern, flags)
                }
            }
            lineStart = lineEnd + 1
        }
        return nil
    }

    private static let cache = RegexCache()
}

/// Why RE2 refuses a pattern (RE2's own words: `missing )`, `invalid perl operator`).
public struct RegexSyntaxError: Error, Sendable, Equatable {
    public let reason: String
}

/// Compiled regexes by flags and pattern: one pipeline evaluates the same few patterns for
/// thousands of jobs. Bounded, and simply emptied when full: an RE2 program may hold up to
/// 8 MB, so a config of many large patterns must not pin them all.
private final class RegexCache: @unchecked Sendable {  // Every access holds `lock`.
    private let lock = NSLock()
    private var entries: [String: Result<GitLabRegex, RegexSyntaxError>] = [:]
    private let limit = 128

    func lookup(_ key: String) -> Result<GitLabRegex, RegexSyntaxError>? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    func store(_ key: String, _ value: Result<GitLabRegex, RegexSyntaxError>) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
        entries[key] = value
    }
}
