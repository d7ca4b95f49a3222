import GantryPipeline

/// A job's `retry:` as GitLab applies it (`Gitlab::Ci::Build::AutoRetry`): up to `max` more attempts
/// when the failure reason is in `when` (or `when` holds `always`), or the exit code is in `exitCodes`.
/// Either match is enough, as GitLab's docs and code say (`retry_on_reason_or_always? || retry_on_exit_code?`).
public struct RetryPolicy: Sendable, Equatable {
    /// What the job's `retry:` says, read by the pipeline model.
    public var config: RetryConfig

    public init(_ config: RetryConfig) { self.config = config }

    public init(max: Int, when: Set<String> = ["always"], exitCodes: [Int]? = nil) {
        self.init(RetryConfig(max: max, when: when, exitCodes: exitCodes))
    }

    /// No `retry:` at all.
    public static let none = RetryPolicy(.none)

    /// Reasons GitLab never retries, whatever the configuration says (`RETRY_OVERRIDES`).
    static let neverRetried: Set<FailureReason> = [
        .ciQuotaExceeded, .noMatchingRunner, .missingDependencyFailure, .forwardDeploymentFailure,
        .environmentCreationFailure,
    ]

    /// Whether a failed attempt is retried. `attempt` counts the attempts made so far, this one included.
    public func shouldRetry(attempt: Int, reason: FailureReason, exitCode: Int?) -> Bool {
        let allowed: Int
        if Self.neverRetried.contains(reason) {
            allowed = 0
        } else if matches(reason: reason, exitCode: exitCode), config.max > 0 {
            allowed = config.max
        } else if reason == .schedulerFailure {
            // GitLab retries a job the scheduler could not place twice, unless configured otherwise.
            allowed = 2
        } else {
            allowed = 0
        }
        return allowed > 0 && allowed > attempt - 1
    }

    /// `retry:when` or `retry:exit_codes` covers this failure.
    public func matches(reason: FailureReason, exitCode: Int?) -> Bool {
        let when = config.when
        if when.contains("always") || when.contains(reason.rawValue) { return true }
        if reason.retryAliases.contains(where: when.contains) { return true }
        if let exitCode, let exitCodes = config.exitCodes, exitCodes.contains(exitCode) { return true }
        return false
    }
}
