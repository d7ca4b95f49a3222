import Foundation

/// The monitor's rows as text: status word (coloured on a terminal), project, ref, pipeline id,
/// who started it, when (in the chosen time zone), how long its jobs ran, and its web page.
public struct PipelineTable: Sendable {
    public let timeZone: TimeZone
    public let colour: Bool

    public init(timeZone: TimeZone, colour: Bool) {
        self.timeZone = timeZone
        self.colour = colour
    }

    /// Colour on a terminal unless NO_COLOR is set to anything (no-color.org).
    public static func wantsColour(isTerminal: Bool, environment: [String: String]) -> Bool {
        isTerminal && (environment["NO_COLOR"] ?? "").isEmpty
    }

    public func render(_ rows: [ProjectPipeline], now: Date = Date()) -> String {
        let header = ["STATUS", "PROJECT", "REF", "PIPELINE", "USER", "WHEN (\(timeZone.identifier))", "DURATION", "LINK"]
        let texts = rows.map { cells($0, now: now) }
        let widths = header.indices.map { column in
            ([header[column]] + texts.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ values: [String], status: String?) -> String {
            values.indices.map { column in
                let padded = column == values.count - 1 ? values[column] : values[column].padding(toLength: widths[column], withPad: " ", startingAt: 0)
                return column == 0 ? paint(padded, status: status) : padded
            }.joined(separator: "  ")
        }
        return ([line(header, status: nil)] + zip(rows, texts).map { line($1, status: $0.pipeline?.status) })
            .joined(separator: "\n") + "\n"
    }

    func cells(_ row: ProjectPipeline, now: Date) -> [String] {
        guard let p = row.pipeline else { return ["none", row.path, "-", "-", "-", "-", "-", row.projectURL] }
        return [p.status, row.path, p.ref, "#\(p.id)", p.user ?? "-", p.createdAt.map(when) ?? "-",
                p.duration(now: now).map(Self.duration) ?? "-", p.webURL]
    }

    /// One line for watch mode without a terminal: a project's pipeline changed.
    public func changeLine(_ row: ProjectPipeline, previous: String?, now: Date = Date()) -> String {
        let c = cells(row, now: now)
        let status = previous.map { "\($0) -> \(c[0])" } ?? c[0]
        return "\(when(now)) \(row.path) \(paint(status, status: row.pipeline?.status)) ref=\(c[2]) pipeline=\(c[3]) "
            + "user=\(c[4]) duration=\(c[6]) \(c[7])"
    }

    public func when(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// `42s`, `3m 05s`, `1h 02m`.
    static func duration(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return String(format: "%dm %02ds", seconds / 60, seconds % 60) }
        return String(format: "%dh %02dm", seconds / 3600, seconds % 3600 / 60)
    }

    private func paint(_ text: String, status: String?) -> String {
        guard colour, let status else { return text }
        let code: String
        switch status {
        case "success": code = "32"
        case "failed": code = "31"
        case "running": code = "34"
        case "pending", "created", "preparing", "waiting_for_resource": code = "33"
        case "manual", "scheduled": code = "36"
        default: code = "90"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// `--json`: the rows in display order, with the server's field names.
    public static func json(_ rows: [ProjectPipeline]) -> String {
        let format = Date.ISO8601FormatStyle()
        func date(_ d: Date?) -> Any { d.map { format.format($0) } ?? NSNull() }
        let array: [[String: Any]] = rows.map { row in
            let pipeline: Any = row.pipeline.map { p -> [String: Any] in
                ["id": p.id, "status": p.status, "ref": p.ref, "user": p.user ?? NSNull(), "created_at": date(p.createdAt),
                 "started_at": date(p.startedAt), "finished_at": date(p.finishedAt), "duration": p.duration ?? NSNull(),
                 "web_url": p.webURL]
            } ?? NSNull()
            return ["project": ["id": row.projectID, "path_with_namespace": row.path, "web_url": row.projectURL], "pipeline": pipeline]
        }
        let data = (try? JSONSerialization.data(withJSONObject: array, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
