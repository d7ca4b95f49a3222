import GantryYAML

/// A job's `retry:` as GitLab applies it (`Gitlab::Ci::Build::AutoRetry`): up to `max` more attempts
/// when the failure reason is in `when` (or `when` holds `always`), or the exit code is in `exitCodes`.
/// Either match is enough, as GitLab's docs and code say (`retry_on_reason_or_always? || retry_on_exit_code?`).
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt: 0, 1 or 2.
    public var max: Int
    /// Failure reasons (`FailureReason` raw values) or `always`.
    public var when: Set<String>
    /// Exit codes that are retried; nil when not given.
    public var exitCodes: [Int]?

    public init(max: Int, when: Set<String> = ["always"], exitCodes: [Int]? = nil) {
        self.max = Swift.max(0, max)
        self.when = when
        self.exitCodes = exitCodes
    }

    /// No `retry:` at all.
    public static let none = RetryPolicy(max: 0)

    /// Reasons GitLab never retries, whatever the configuration says (`RETRY_OVERRIDES`).
    static let neverRetried: Set<FailureReason> = [
        .ciQuotaExceeded, .noMatchingRunner, .missingDependencyFailure, .forwardDeploymentFailure,
        .environmentCreationFailure,
    ]

    /// Reads a job's `retry:` node: `retry: 2` or `retry: {max:, when:, exit_codes:}`. A missing node,
    /// or one the validator would refuse, reads as `.none`.
    public init(node: Node?) {
        guard let node, !node.isNull else { self = .none; return }
        if case .int(let n) = node.scalar?.value {
            self.init(max: n)
            return
        }
        guard let map = node.mapping else { self = .none; return }
        var max = 0
        if case .int(let n) = map["max"]?.scalar?.value { max = n }
        var exitCodes: [Int]? = nil
        if let codes = map["exit_codes"], !codes.isNull {
            exitCodes = (codes.sequence ?? [codes]).compactMap {
                if case .int(let i) = $0.scalar?.value { return i } else { return nil }
            }
        }
        // Without `when`, every reason is retried, unless `exit_codes` narrows it down.
        var when: Set<String> = exitCodes == nil ? ["always"] : []
        if let node = map["when"], !node.isNull {
            when = Set((node.sequence ?? [node]).compactMap(\.string))
        }
        self.init(max: max, when: when, exitCodes: exitCodes)
    }

    /// Whether a failed attempt is retried. `attempt` counts the attempts made so far, this one included.
    public func shouldRetry(attempt: Int, reason: FailureReason, exitCode: Int?) -> Bool {
        let allowed: Int
        if Self.neverRetried.contains(reason) {
            allowed = 0
        } else if matches(reason: reason, exitCode: exitCode), max > 0 {
            allowed = max
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
        if when.contains("always") || when.contains(reason.rawValue) { return true }
        if reason.retryAliases.contains(where: when.contains) { return true }
        if let exitCode, let exitCodes, exitCodes.contains(exitCode) { return true }
        return false
    }
}
