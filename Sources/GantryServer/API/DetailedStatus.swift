import GantryPipeline
import GantryStore

/// GitLab's `detailed_status` of a pipeline or job (`Gitlab::Ci::Status::*`): the words, icon and
/// favicon its web UI shows for a status, and where the details are.
public struct DetailedStatus: Sendable {
    public let icon: String
    public let text: String
    public let label: String
    public let group: String

    /// A status as GitLab words it; `warnings`: succeeded with a failed job that was allowed to
    /// fail; `pipeline`: a pipeline waiting on a manual job is "blocked", a job is "manual".
    public init(_ status: String, warnings: Bool = false, pipeline: Bool) {
        switch status {
        case "success" where warnings: (icon, text, label, group) = ("status_warning", "Warning", "passed with warnings", "success-with-warnings")
        case "success": (icon, text, label, group) = ("status_success", "Passed", "passed", "success")
        case "failed": (icon, text, label, group) = ("status_failed", "Failed", "failed", "failed")
        case "running": (icon, text, label, group) = ("status_running", "Running", "running", "running")
        case "pending": (icon, text, label, group) = ("status_pending", "Pending", "pending", "pending")
        case "waiting_for_resource": (icon, text, label, group) = ("status_pending", "Waiting", "waiting for resource", "waiting-for-resource")
        case "canceled": (icon, text, label, group) = ("status_canceled", "Canceled", "canceled", "canceled")
        case "skipped": (icon, text, label, group) = ("status_skipped", "Skipped", "skipped", "skipped")
        case "manual" where pipeline: (icon, text, label, group) = ("status_manual", "Blocked", "waiting for manual action", "manual")
        case "manual": (icon, text, label, group) = ("status_manual", "Manual", "manual action", "manual")
        case "scheduled" where pipeline: (icon, text, label, group) = ("status_scheduled", "Delayed", "waiting for delayed job", "scheduled")
        case "scheduled": (icon, text, label, group) = ("status_scheduled", "Scheduled", "scheduled", "scheduled")
        default: (icon, text, label, group) = ("status_created", "Created", "created", "created")
        }
    }

    /// A pipeline's status; "passed with warnings" when a job that was allowed to fail failed.
    init(pipeline p: PipelineRecord, jobs: [JobRecord]) {
        self.init(p.status.rawValue, warnings: p.status == .success && jobs.contains { $0.status == .failed && $0.allowFailure },
                  pipeline: true)
    }

    /// `details_path` is the page of the pipeline or job, relative to the server.
    func json(detailsPath: String) -> JSONValue {
        .object([("icon", .string(icon)), ("text", .string(text)), ("label", .string(label)), ("group", .string(group)),
                 ("tooltip", .string(label)), ("has_details", .bool(true)), ("details_path", .string(detailsPath)),
                 ("illustration", .null), ("favicon", .string("/assets/ci_favicons/favicon_\(icon).png"))])
    }
}
