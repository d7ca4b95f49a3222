import Foundation

/// Times and durations on pages. A time is written in UTC inside `<time datetime>`, which the
/// script turns into the viewer's own time zone; without script the UTC text stays readable.
enum Moments {
    static func time(_ date: Date?) -> HTML {
        guard let date else { return "<span class=\"muted\">–</span>" }
        let iso = ISO8601DateFormatter().string(from: date)
        let text = iso.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
        return "<time datetime=\"\(iso)\">\(text)</time>"
    }

    /// `1h 2m 3s`, `4m 5s`, `6s`; a dash when unknown.
    static func duration(_ seconds: Double?) -> HTML {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return "<span class=\"muted\">–</span>" }
        return "<span class=\"duration\">\(text(seconds))</span>"
    }

    static func text(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60)
        if h > 0 { return "\(h)h \(m)m \(s)s" }
        if m > 0 { return "\(m)m \(s)s" }
        return "\(s)s"
    }
}
