/// The status of a group of jobs (a stage, a pipeline, the jobs before a stage, a job's needs), by
/// GitLab's rules (`Gitlab::Ci::Status::Composite`). Jobs that failed or were canceled but allow failure
/// count as "success with warnings"; manual jobs that allow failure are ignored.
public struct CompositeStatus: Sendable, Equatable {
    /// What one job contributes; a set of these decides the status.
    enum Category: Int, CaseIterable {
        case created, waitingForResource, pending, running, success, failed, canceled, skipped, manual, scheduled
        case successWithWarnings, ignored

        init(_ status: JobStatus, allowFailure: Bool) {
            if allowFailure {
                switch status {
                case .failed, .canceled: self = .successWithWarnings; return
                case .manual: self = .ignored; return
                default: break
                }
            }
            switch status {
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

        var bit: UInt16 { 1 << UInt16(rawValue) }
    }

    private(set) var bits: UInt16

    public init() { bits = 0 }

    init(bits: UInt16) { self.bits = bits }

    public init<S: Sequence>(_ jobs: S) where S.Element == (status: JobStatus, allowFailure: Bool) {
        bits = 0
        for job in jobs { insert(job.status, allowFailure: job.allowFailure) }
    }

    public mutating func insert(_ status: JobStatus, allowFailure: Bool) {
        bits |= Category(status, allowFailure: allowFailure).bit
    }

    mutating func insert(_ category: Category) { bits |= category.bit }

    mutating func formUnion(_ other: CompositeStatus) { bits |= other.bits }

    public var isEmpty: Bool { bits == 0 }

    /// Some job failed (or was canceled) but allows failure.
    public var hasWarnings: Bool { bits & Category.successWithWarnings.bit != 0 }

    /// The composite status, nil for no jobs. With `dag`, the rules for a job's `needs`: any needed job
    /// skipped (or an ignored manual one) makes it skipped, and anything not finished makes it wait (pending).
    public func status(dag: Bool = false) -> JobStatus? {
        typealias C = Category
        if bits == 0 { return nil }
        if dag && any(C.skipped.bit | C.ignored.bit) { return .skipped }
        if dag && !only(Self.finished) { return .pending }
        if only(C.skipped.bit | C.ignored.bit) { return .skipped }
        if only(Self.successful) { return .success }
        if only(C.created.bit | C.successWithWarnings.bit | C.ignored.bit) { return .created }
        if only(C.canceled.bit | Self.successful) { return .canceled }
        if only(C.pending.bit | C.created.bit | C.skipped.bit | C.successWithWarnings.bit | C.ignored.bit) {
            return .pending
        }
        if any(C.running.bit | C.pending.bit) { return .running }
        if any(C.waitingForResource.bit) { return .waitingForResource }
        if any(C.manual.bit) { return .manual }
        if any(C.scheduled.bit) { return .scheduled }
        if any(C.created.bit) { return .running }
        return .failed
    }

    private static let finished: UInt16 = Category.success.bit | Category.failed.bit | Category.canceled.bit
        | Category.skipped.bit | Category.successWithWarnings.bit
    private static let successful: UInt16 = Category.success.bit | Category.skipped.bit
        | Category.successWithWarnings.bit | Category.ignored.bit

    private func any(_ mask: UInt16) -> Bool { bits & mask != 0 }

    /// Every job is in one of these categories (and there is at least one job).
    private func only(_ mask: UInt16) -> Bool { bits != 0 && bits & ~mask == 0 }
}
