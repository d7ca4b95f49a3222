/// A pipeline's status: GitLab's composite of its jobs' statuses (see `CompositeStatus`).
public enum PipelineStatus: String, Sendable, Codable, CaseIterable {
    case created
    case waitingForResource = "waiting_for_resource"
    case pending
    case running
    case success
    case failed
    case canceled
    case skipped
    /// Blocked: a manual job that does not allow failure waits to be played.
    case manual
    case scheduled

    /// Nothing more happens without a user: finished, or blocked by a manual job.
    public var isSettled: Bool {
        switch self {
        case .success, .failed, .canceled, .skipped, .manual: return true
        default: return false
        }
    }

    /// `COMPLETED_STATUSES`: the pipeline is over (a blocked one is not: its manual job may still run).
    public var isCompleted: Bool {
        switch self {
        case .success, .failed, .canceled, .skipped: return true
        default: return false
        }
    }

    init(_ job: JobStatus) {
        switch job {
        case .created: self = .created
        case .waitingForResource: self = .waitingForResource
        case .pending: self = .pending
        case .running: self = .running
        case .success: self = .success
        case .failed: self = .failed
        case .canceled: self = .canceled
        case .skipped: self = .skipped
        case .manual: self = .manual
        case .scheduled: self = .scheduled
        }
    }
}
