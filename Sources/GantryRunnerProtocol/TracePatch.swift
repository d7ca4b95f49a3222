/// `PATCH /api/v4/jobs/:id/trace`: the runner appends the next bytes of the job's log, saying
/// where they start with `Content-Range: start-end` (end inclusive). The server answers 202 with
/// `Range: 0-size`, its trace's new size; 416 with the size it has when the start is not its end
/// (the runner resends from there); 403 when the job is no longer running.
public enum TracePatch {
    public static let contentRangeHeader = "Content-Range"
    public static let rangeHeader = "Range"
    /// How often the server would like the trace, in seconds (GitLab's hint to its runner).
    public static let updateIntervalHeader = "X-GitLab-Trace-Update-Interval"

    /// `Content-Range` of `count` bytes at `offset`.
    public static func contentRange(offset: Int, count: Int) -> String { "\(offset)-\(offset + count - 1)" }

    /// The first byte a `Content-Range` names.
    public static func offset(fromContentRange value: String) -> Int? {
        value.split(separator: "-").first.flatMap { Int($0) }
    }

    /// `Range` of the server's answer: the trace holds `size` bytes.
    public static func range(size: Int) -> String { "0-\(size)" }

    /// The size a `Range` answer gives.
    public static func size(fromRange value: String) -> Int? {
        value.split(separator: "-").last.flatMap { Int($0) }
    }
}
