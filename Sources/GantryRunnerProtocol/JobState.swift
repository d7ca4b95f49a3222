/// The states a runner reports (GitLab runner's `JobState`).
public enum JobState: String, Codable, Sendable, CaseIterable {
    case pending
    case running
    case success
    case failed

    /// The job ended: the server records the outcome and moves the pipeline on.
    public var isFinal: Bool { self == .success || self == .failed }
}
