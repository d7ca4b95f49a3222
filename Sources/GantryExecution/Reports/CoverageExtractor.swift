import Foundation
import GantryPipeline

/// A job's `coverage:` regex applied to its log, as GitLab does after the job
/// (`Gitlab::Ci::Trace::Stream#extract_coverage`, with `Gitlab::UntrustedRegexp`, i.e. RE2):
/// - the log is read line by line from the end, each line without its line ending;
/// - on a line, the regex is scanned for every match; the value kept is the last capture
///   group of the last match (or the whole match when the regex has no groups);
/// - the first number in that value (`\d+(\.\d+)?`) is the percentage; the first line, from
///   the end, that gives one wins: the last matching line of the log.
///
/// Where Gantry differs: flags after the closing slash (`/total: (\d+)%/i`) are applied,
/// where GitLab strips the first and last characters of the value and so mangles such a
/// regex; and a line whose last group took no part in the match is passed over, where GitLab
/// gives up on the whole log. ANSI colour codes stay in the lines, as in GitLab: a regex
/// anchored with `^` does not match a coloured line.
public struct CoverageExtractor: Sendable {
    public let regex: GitLabRegex

    /// `literal` is the `coverage:` value, `/pattern/` with optional flags `i`, `m`, `s`, `U`.
    public init(_ literal: String) throws(CoverageRegexError) {
        guard let (pattern, flags) = GitLabRegex.splitLiteral(literal) else {
            throw CoverageRegexError(regex: literal, message: "must be a regular expression in slashes, like /TOTAL.*\\s(\\d+)%/")
        }
        switch GitLabRegex.compile(pattern: pattern, flags: flags) {
        case .success(let regex): self.regex = regex
        case .failure(let error): throw CoverageRegexError(regex: literal, message: "invalid RE2 regular expression: \(error.reason)")
        }
    }

    /// The coverage percentage the log shows, or nil when no line gives one.
    public func coverage(in log: String) -> Double? {
        var lines = Substring(log).unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        while var line = lines.popLast() {
            if line.last == "\r" { line = line.dropLast() }
            guard let value = regex.scan(String(Substring(line))).last?.last, let value,
                  let number = Self.firstNumber(in: value) else { continue }
            return number
        }
        return nil
    }

    /// Convenience: nil also when the regex is invalid, as GitLab ignores a bad regex.
    public static func coverage(regex: String, in log: String) -> Double? {
        (try? CoverageExtractor(regex))?.coverage(in: log)
    }

    /// `\d+(\.\d+)?` with ASCII digits, as Ruby's `gsub(/\d+(\.\d+)?/).first`.
    static func firstNumber(in text: String) -> Double? {
        let bytes = Array(text.utf8)
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard let start = bytes.firstIndex(where: isDigit) else { return nil }
        var end = start
        while end < bytes.count, isDigit(bytes[end]) { end += 1 }
        if end + 1 < bytes.count, bytes[end] == UInt8(ascii: "."), isDigit(bytes[end + 1]) {
            end += 1
            while end < bytes.count, isDigit(bytes[end]) { end += 1 }
        }
        return Double(String(decoding: bytes[start..<end], as: UTF8.self))
    }
}

/// A `coverage:` value that is not a valid regex.
public struct CoverageRegexError: Error, Sendable, Equatable, CustomStringConvertible {
    public let regex: String
    public let message: String

    public init(regex: String, message: String) {
        self.regex = regex
        self.message = message
    }

    public var description: String { "coverage: \(regex): \(message)" }
}
