import Foundation

/// One row of the monitor: a project and its newest pipeline (none when it never ran one), read
/// from GitLab's project and pipeline entities.
public struct ProjectPipeline: Sendable, Equatable {
    public struct Pipeline: Sendable, Equatable {
        public let id: Int
        public let status: String
        public let ref: String
        public let user: String?
        public let createdAt: Date?
        public let startedAt: Date?
        public let finishedAt: Date?
        /// Seconds the jobs ran, as the server computes it; nil while running.
        public let duration: Int?
        public let webURL: String
    }

    public let projectID: Int
    public let path: String
    public let projectURL: String
    public let pipeline: Pipeline?

    init?(project: Any?, pipeline: Any?) {
        guard let p = project as? [String: Any], let id = p["id"] as? Int else { return nil }
        projectID = id
        path = p["path_with_namespace"] as? String ?? p["name"] as? String ?? "\(id)"
        projectURL = p["web_url"] as? String ?? ""
        self.pipeline = (pipeline as? [String: Any]).flatMap(Pipeline.init)
    }
}

extension ProjectPipeline.Pipeline {
    init?(_ p: [String: Any]) {
        guard let id = p["id"] as? Int, let status = p["status"] as? String else { return nil }
        self.id = id
        self.status = status
        ref = p["ref"] as? String ?? ""
        user = (p["user"] as? [String: Any])?["username"] as? String
        createdAt = Self.date(p["created_at"])
        startedAt = Self.date(p["started_at"])
        finishedAt = Self.date(p["finished_at"])
        duration = (p["duration"] as? NSNumber)?.intValue
        webURL = p["web_url"] as? String ?? ""
    }

    /// GitLab writes `2026-12-02T14:35:21.123Z`; some answers leave out the fraction. Format styles
    /// are values, made once: a formatter per field and row cost more than the request.
    static func date(_ value: Any?) -> Date? {
        guard let text = value as? String else { return nil }
        return (try? fractional.parse(text)) ?? (try? whole.parse(text))
    }

    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let whole = Date.ISO8601FormatStyle()

    /// The time the jobs ran: the server's figure, or so far for a pipeline still running.
    func duration(now: Date) -> Int? {
        if let duration { return duration }
        guard let startedAt, finishedAt == nil else { return nil }
        return max(0, Int(now.timeIntervalSince(startedAt)))
    }
}

extension ProjectPipeline {
    /// Display order: failing first, then what is still moving, waiting for a person, stopped,
    /// green, and projects without pipelines; by path within each.
    var rank: Int {
        switch pipeline?.status {
        case "failed": return 0
        case "running", "pending", "created", "preparing", "waiting_for_resource": return 1
        case "manual", "scheduled": return 2
        case "canceled", "skipped": return 3
        case "success": return 4
        case nil: return 6
        default: return 5
        }
    }

    static func ordered(_ rows: [ProjectPipeline]) -> [ProjectPipeline] {
        rows.sorted { ($0.rank, $0.path) < ($1.rank, $1.path) }
    }

    /// The statuses GitLab's pipelines have (the `--status` values).
    public static let statuses = ["created", "waiting_for_resource", "preparing", "pending", "running", "success", "failed",
                                  "canceled", "skipped", "manual", "scheduled"]
}
