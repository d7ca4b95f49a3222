/// A job's status, with GitLab's names (`Ci::HasStatus`).
public enum JobStatus: String, Sendable, Codable, CaseIterable {
    case created
    case waitingForResource = "waiting_for_resource"
    case pending
    case running
    case success
    case failed
    case canceled
    case skipped
    case manual
    case scheduled

    /// `COMPLETED_STATUSES`: the job will not change again by itself.
    public var isCompleted: Bool {
        switch self {
        case .success, .failed, .canceled, .skipped: return true
        default: return false
        }
    }

    /// `ACTIVE_STATUSES`: handed to an executor or about to be.
    public var isActive: Bool {
        switch self {
        case .waitingForResource, .pending, .running: return true
        default: return false
        }
    }

    /// `CANCELABLE_STATUSES`: what canceling a pipeline or one job stops (manual jobs stay playable).
    public var isCancelable: Bool {
        switch self {
        case .created, .waitingForResource, .pending, .running, .scheduled: return true
        default: return false
        }
    }
}
