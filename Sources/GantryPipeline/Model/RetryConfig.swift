import GantryYAML

/// A job's `retry:` as written: `retry: 2` or `retry: {max:, when:, exit_codes:}`. The engine
/// decides with it whether a failed attempt runs again (`RetryPolicy`).
public struct RetryConfig: Sendable, Equatable {
    /// Retries after the first attempt: 0, 1 or 2.
    public var max: Int
    /// Failure reasons in GitLab's spelling, or `always`.
    public var when: Set<String>
    /// Exit codes that are retried; nil when not given.
    public var exitCodes: [Int]?

    public init(max: Int, when: Set<String> = ["always"], exitCodes: [Int]? = nil) {
        self.max = Swift.max(0, max)
        self.when = when
        self.exitCodes = exitCodes
    }

    /// No `retry:` at all.
    public static let none = RetryConfig(max: 0)

    /// Reads a `retry:` node. A missing node, or one the validator (`RetryValidator`) would
    /// refuse, reads as `.none`.
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
}
