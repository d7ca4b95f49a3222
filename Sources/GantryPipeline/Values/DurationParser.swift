import Foundation
import Synchronization

/// GitLab's duration syntax for `timeout`, `start_in`, `expire_in` and `auto_stop_in`: the ChronicDuration
/// parser GitLab vendors (`lib/chronic_duration.rb`), with unknown words an error as GitLab configures it.
///
/// `"1h 30m"`, `"2 hours"`, `"90 minutes"`, `"3 days"`, `"1 week"`, `"1:30"` (minutes:seconds), `"90"`
/// (a bare number is seconds), `"1 hour and 30 min"`. Units: seconds, minutes, hours, days, weeks
/// (7 days), months (30 days), years (365.25 days). A result of zero is no duration (GitLab rejects it).
public enum DurationParser {
    /// The longest duration a configuration may give (1000 years): `gantry lint` refuses longer
    /// ones, and `seconds` never returns more, so adding it to a date or a clock cannot overflow.
    public static let maxSeconds = 1000 * 31_557_600
    /// `maxSeconds` in words, for messages.
    public static let maxDescription = "1000 years"

    /// The duration in seconds (fractions dropped) clamped to `maxSeconds`, or nil when the text
    /// is not a duration. Safe for any text: use it wherever a config or a request gives one
    /// (`expire_in` of an artifact upload included). `"never"` is not a duration, see `isNever`.
    public static func seconds(_ text: String) -> Int? {
        guard let value = exactSeconds(text) else { return nil }
        guard value < Double(maxSeconds) else { return maxSeconds }
        return Int(value.rounded(.towardZero))
    }

    /// Whether a duration is within `maxSeconds` (what `gantry lint` requires).
    public static func isWithinLimit(_ seconds: Double) -> Bool { seconds <= Double(maxSeconds) }

    /// `expire_in: never` (any case) keeps artifacts forever.
    public static func isNever(_ text: String) -> Bool {
        text.lowercased() == "never"
    }

    /// Pipelines repeat the same few durations (`30m`, `1 week`) across thousands of jobs.
    private static let memo = Mutex<[String: Double?]>([:])

    /// The parsed value with any fraction of a second, or nil when not a duration (or zero).
    static func exactSeconds(_ text: String) -> Double? {
        if let known = memo.withLock({ $0[text] }) { return known }
        let value = parse(text)
        memo.withLock { if $0.count < 4096 { $0[text] = value } }
        return value
    }

    private static func parse(_ text: String) -> Double? {
        guard let words = normalizedWords(text) else { return nil }
        var total = 0.0
        for (index, word) in words.enumerated() where isNumber(word) {
            let unit = index + 1 < words.count ? words[index + 1] : "seconds"
            total += number(word) * multiplier(unit)
        }
        // A number of 400 digits is infinite, times an unknown unit NaN: both are simply too long.
        if total.isNaN { return .infinity }
        return total == 0 ? nil : total
    }

    // MARK: The steps of ChronicDuration.parse

    private static let units: [String: String] = [
        "seconds": "seconds", "second": "seconds", "secs": "seconds", "sec": "seconds", "s": "seconds",
        "minutes": "minutes", "minute": "minutes", "mins": "minutes", "min": "minutes", "m": "minutes",
        "hours": "hours", "hour": "hours", "hrs": "hours", "hr": "hours", "h": "hours",
        "days": "days", "day": "days", "dy": "days", "d": "days",
        "weeks": "weeks", "week": "weeks", "wks": "weeks", "wk": "weeks", "w": "weeks",
        "months": "months", "mo": "months", "mos": "months", "month": "months",
        "years": "years", "year": "years", "yrs": "years", "yr": "years", "y": "years",
    ]
    private static let joinWords: Set<String> = ["and", "with", "plus"]

    private static func multiplier(_ unit: String) -> Double {
        switch unit {
        case "years": return 31_557_600
        case "months": return 3600 * 24 * 30
        case "weeks": return 3600 * 24 * 7
        case "days": return 3600 * 24
        case "hours": return 3600
        case "minutes": return 60
        case "seconds": return 1
        default: return 0
        }
    }

    /// `cleanup` + `filter_through_white_list`: numbers and unit names, or nil for an unknown word.
    private static func normalizedWords(_ text: String) -> [String]? {
        var s = filterByType(text.lowercased())
        s = spacedNumbers(s)
        var out: [String] = []
        for word in s.split(whereSeparator: { $0.isWhitespace }).map(String.init) {
            if word.contains(where: { $0.isASCII && $0.isNumber }) {
                out.append(word)
                continue
            }
            var stripped = Substring(word)
            if stripped.hasPrefix(",") { stripped = stripped.dropFirst() }
            if stripped.hasSuffix(",") { stripped = stripped.dropLast() }
            if let unit = units[String(stripped)] {
                out.append(unit)
            } else if !joinWords.contains(String(stripped)) {
                return nil
            }
        }
        // "day" or "minute 30 sec": a leading unit counts once.
        if let first = out.first, units[first] != nil { out.insert("1", at: 0) }
        return out
    }

    /// `3:41:59` is read right to left as seconds, minutes, hours, days, months, years.
    private static func filterByType(_ s: String) -> String {
        let compact = s.replacingOccurrences(of: " ", with: "")
        guard isChrono(compact) else { return s }
        let names = ["seconds", "minutes", "hours", "days", "months", "years"]
        let parts = compact.split(separator: ":", omittingEmptySubsequences: false).reversed()
        var words: [String] = []
        for (index, part) in parts.enumerated() {
            words.append("\(part) \(names[index])")
        }
        return words.reversed().joined(separator: " ")
    }

    /// `^[0-9]+:[0-9]+(:[0-9]+){0,4}(\.[0-9]*)?$`
    private static func isChrono(_ s: String) -> Bool {
        var body = Substring(s)
        if let dot = body.firstIndex(of: ".") {
            guard body[body.index(after: dot)...].allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            body = body[..<dot]
        }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...6).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// Puts spaces around every number (`[0-9]*\.?[0-9]+`), so `1h30m` reads `1 h 30 m`.
    private static func spacedNumbers(_ s: String) -> String {
        let chars = Array(s)
        var out = ""
        var i = 0
        func digit(_ j: Int) -> Bool { j < chars.count && chars[j].isASCII && chars[j].isNumber }
        while i < chars.count {
            if digit(i) || (chars[i] == "." && digit(i + 1)) {
                var j = i
                while digit(j) { j += 1 }
                if j < chars.count, chars[j] == ".", digit(j + 1) {
                    j += 1
                    while digit(j) { j += 1 }
                }
                out += " " + String(chars[i..<j]) + " "
                i = j
            } else {
                out.append(chars[i])
                i += 1
            }
        }
        return out
    }

    private static func isNumber(_ word: String) -> Bool {
        word.contains(where: { $0.isASCII && $0.isNumber })
    }

    /// Ruby's `String#to_f`: the leading number, 0 when there is none.
    private static func number(_ word: String) -> Double {
        var prefix = ""
        var seenDot = false
        for c in word {
            if c.isASCII && c.isNumber {
                prefix.append(c)
            } else if c == ".", !seenDot {
                seenDot = true
                prefix.append(c)
            } else {
                break
            }
        }
        if prefix.hasPrefix(".") { prefix = "0" + prefix }
        if prefix.hasSuffix(".") { prefix.removeLast() }
        return Double(prefix) ?? 0
    }
}
