/// The statuses of one pipeline's jobs and the scheduler that moves them, as GitLab processes a
/// pipeline (`Ci::PipelineProcessing::AtomicProcessingService`, `Ci::ProcessBuildService`):
///
/// - A job without `needs` waits until every job of the earlier stages is complete; a job with `needs`
///   waits only for the jobs it names (`needs: []` starts at once).
/// - Once they are complete, their composite status (`CompositeStatus`) and the job's `when` decide:
///   on_success, manual and delayed go on after success (or skipped, in stage order), on_failure after a
///   failure, always after success, failure or skipped; otherwise the job is skipped.
/// - Going on means: delayed jobs are scheduled, manual jobs wait to be played, the rest are pending.
///
/// Pure and synchronous: no processes, no clock. The caller runs jobs and reports on them, and passes the
/// time to `advance(now:)` for delayed jobs.
public struct PipelineState: Sendable {
    public let jobs: [EngineJob]
    public private(set) var statuses: [String: JobStatus]

    // Fixed at creation.
    private let index: [String: Int]
    /// Indices of the jobs a DAG job needs (names that are not in the pipeline are left out).
    private let needIndices: [[Int]?]
    /// DAG jobs that need a job.
    private let dependents: [[Int]]
    private let stageCount: Int

    // Per job.
    private var status: [JobStatus]
    /// allow_failure as it stands: the job's own, or true after failing with an allowed exit code.
    private var allowed: [Bool]
    private var category: [CompositeStatus.Category]
    private var attemptCount: [Int]
    private var scheduledAt: [Double?]
    private var playRequested: [Bool]
    private var reasons: [FailureReason?]
    private var exitCodes: [Int?]
    /// Bumped on every status change, so actions queued for an older status are dropped.
    private var generation: [UInt32]
    private var lastAnnouncedSkip: [Bool]

    // Composite bookkeeping: how many jobs of each stage (and in all) are in each category.
    private var stageCounts: [Int32]
    private var stageBits: [UInt16]
    private var totalCounts: [Int32]
    private var totalBits: UInt16
    private var warningCount = 0

    // Work to do.
    /// Stage-order jobs that are created and not yet processed, by stage.
    private var stageQueue: [[Int]]
    private var dagQueue: [Int] = []
    private var dagQueued: [Bool]
    private var scheduledJobs: [Int] = []
    private var stagesDirty = true
    private var outbox: [Announcement] = []
    private var canceled = false

    private struct Announcement: Sendable {
        enum Kind: Sendable { case start, skip, waitManual, schedule(Double) }
        var job: Int
        var generation: UInt32
        var kind: Kind
    }

    private static let categoryCount = CompositeStatus.Category.allCases.count

    public init(jobs: [EngineJob]) {
        self.jobs = jobs
        let n = jobs.count
        var index: [String: Int] = [:]
        index.reserveCapacity(n)
        for (i, job) in jobs.enumerated() where index[job.name] == nil { index[job.name] = i }
        self.index = index

        var dependents = [[Int]](repeating: [], count: n)
        var needIndices: [[Int]?] = []
        needIndices.reserveCapacity(n)
        for (i, job) in jobs.enumerated() {
            guard let needs = job.needs else { needIndices.append(nil); continue }
            var resolved: [Int] = []
            for name in needs {
                guard let j = index[name], j != i, !resolved.contains(j) else { continue }
                resolved.append(j)
                dependents[j].append(i)
            }
            needIndices.append(resolved)
        }
        self.needIndices = needIndices
        self.dependents = dependents

        let stageCount = (jobs.map { Swift.max(0, $0.stageIndex) }.max() ?? -1) + 1
        self.stageCount = stageCount
        status = Array(repeating: .created, count: n)
        allowed = jobs.map(\.allowFailure)
        category = Array(repeating: .created, count: n)
        attemptCount = Array(repeating: 0, count: n)
        scheduledAt = Array(repeating: nil, count: n)
        playRequested = Array(repeating: false, count: n)
        reasons = Array(repeating: nil, count: n)
        exitCodes = Array(repeating: nil, count: n)
        generation = Array(repeating: 0, count: n)
        lastAnnouncedSkip = Array(repeating: false, count: n)
        dagQueued = Array(repeating: false, count: n)

        var statuses: [String: JobStatus] = [:]
        statuses.reserveCapacity(n)
        stageCounts = Array(repeating: 0, count: stageCount * Self.categoryCount)
        stageBits = Array(repeating: 0, count: stageCount)
        totalCounts = Array(repeating: 0, count: Self.categoryCount)
        totalBits = n > 0 ? CompositeStatus.Category.created.bit : 0
        stageQueue = Array(repeating: [], count: stageCount)
        for (i, job) in jobs.enumerated() {
            statuses[job.name] = .created
            let stage = Swift.max(0, job.stageIndex)
            stageCounts[stage * Self.categoryCount + CompositeStatus.Category.created.rawValue] += 1
            stageBits[stage] |= CompositeStatus.Category.created.bit
            totalCounts[CompositeStatus.Category.created.rawValue] += 1
            if needIndices[i] == nil {
                stageQueue[stage].append(i)
            } else {
                dagQueue.append(i)
                dagQueued[i] = true
            }
        }
        self.statuses = statuses
    }

    // MARK: Reading

    /// A job's status; `created` for a name that is not in the pipeline.
    public func status(of job: String) -> JobStatus {
        guard let i = index[job] else { return .created }
        return status[i]
    }

    /// Attempts begun so far (retries included).
    public func attempts(of job: String) -> Int {
        guard let i = index[job] else { return 0 }
        return attemptCount[i]
    }

    /// The job failed, and its failure is allowed (`allow_failure: true`, or an allowed exit code).
    public func allowedFailure(of job: String) -> Bool {
        guard let i = index[job] else { return false }
        return status[i] == .failed && allowed[i]
    }

    /// Why the job's last attempt failed.
    public func failureReason(of job: String) -> FailureReason? {
        guard let i = index[job] else { return nil }
        return status[i] == .failed ? reasons[i] : nil
    }

    /// The exit code of the job's last finished attempt, when it had one.
    public func exitCode(of job: String) -> Int? {
        guard let i = index[job] else { return nil }
        return exitCodes[i]
    }

    /// When a scheduled (delayed) job starts.
    public func scheduledTime(of job: String) -> Double? {
        guard let i = index[job], status[i] == .scheduled else { return nil }
        return scheduledAt[i]
    }

    /// The earliest time a scheduled job starts: when to call `advance` next if nothing else happens.
    public var nextScheduledTime: Double? {
        scheduledJobs.lazy.filter { self.status[$0] == .scheduled }.compactMap { self.scheduledAt[$0] }.min()
    }

    /// The composite status of one stage's jobs (nil when it has none).
    public func status(ofStage stageIndex: Int) -> JobStatus? {
        guard stageIndex >= 0, stageIndex < stageCount else { return nil }
        return CompositeStatus(bits: stageBits[stageIndex]).status()
    }

    public var pipelineStatus: PipelineStatus {
        if canceled { return .canceled }
        return PipelineStatus(CompositeStatus(bits: totalBits).status() ?? .success)
    }

    /// Some job failed and is allowed to: a successful pipeline "passed with warnings".
    public var hasWarnings: Bool { warningCount > 0 }

    /// Nothing will happen without a user: every job is finished, or the pipeline is blocked by a manual
    /// job, or it was canceled. (Unplayed manual jobs that allow failure do not keep it open.)
    public var isComplete: Bool {
        if canceled { return true }
        if stagesDirty || !dagQueue.isEmpty || !outbox.isEmpty { return false }
        // A blocked (manual) pipeline may still hold a delayed job that starts by itself.
        if totalBits & CompositeStatus.Category.scheduled.bit != 0 { return false }
        return pipelineStatus.isSettled
    }

    // MARK: Changing

    /// Moves the pipeline on: returns the jobs to start now, the jobs that were skipped, the manual jobs
    /// that now wait to be played, and the delayed jobs now scheduled. Each change is returned once; call it
    /// after every `finished`, `play` or `retry`, and at `nextScheduledTime`. `now` is in seconds.
    public mutating func advance(now: Double) -> [EngineAction] {
        if !scheduledJobs.isEmpty { startDueJobs(now: now) }
        if !canceled {
            while stagesDirty || !dagQueue.isEmpty {
                stagesDirty = false
                processNeeds(now: now)
                processStages(now: now)
            }
        }
        stagesDirty = false
        return drainOutbox()
    }

    /// The caller began running a job that `advance` returned to start.
    public mutating func started(_ job: String) {
        guard let i = index[job], status[i] == .pending else { return }
        attemptCount[i] += 1
        setStatus(i, .running)
    }

    /// Records a finished attempt. Returns true when the job is retried: it is pending again and the next
    /// `advance` starts it. A failure without a reason is a script failure when there is an exit code.
    /// Reports for jobs that are not pending or running (canceled meanwhile) are ignored.
    @discardableResult
    public mutating func finished(_ job: String, success: Bool, exitCode: Int?, reason: FailureReason?) -> Bool {
        guard let i = index[job], status[i] == .pending || status[i] == .running else { return false }
        if status[i] == .pending { attemptCount[i] += 1 }
        exitCodes[i] = exitCode
        if success {
            reasons[i] = nil
            setStatus(i, .success)
            return false
        }
        let reason = reason ?? (exitCode == nil ? .unknownFailure : .scriptFailure)
        reasons[i] = reason
        if jobs[i].retry.shouldRetry(attempt: attemptCount[i], reason: reason, exitCode: exitCode) {
            setStatus(i, .pending)
            announce(i, .start)
            return true
        }
        let allowedByCode = exitCode.map(jobs[i].allowedExitCodes.contains) ?? false
        setStatus(i, .failed, allowFailure: jobs[i].allowFailure || allowedByCode)
        return false
    }

    /// Runs a manual job (or a delayed one before its time). A manual or delayed job that is not reached
    /// yet is marked to start, instead of waiting, when the pipeline gets to it. Jobs skipped after it
    /// (later stages, and the jobs that need it) are processed again, as GitLab does.
    public mutating func play(_ job: String) throws {
        guard let i = index[job] else { throw EngineError.unknownJob(job) }
        switch status[i] {
        case .manual, .scheduled:
            canceled = false
            scheduledAt[i] = nil
            setStatus(i, .pending)
            announce(i, .start)
            resetSkippedJobs(after: i)
        case .created where jobs[i].isManualOrDelayed && !canceled:
            playRequested[i] = true
        default:
            throw EngineError.notPlayable(job, status[i])
        }
    }

    /// Runs a finished job again (the Retry button): it is pending, and jobs skipped after it are
    /// processed again.
    public mutating func retry(_ job: String) throws {
        guard let i = index[job] else { throw EngineError.unknownJob(job) }
        switch status[i] {
        case .success, .failed, .canceled:
            canceled = false
            reasons[i] = nil
            exitCodes[i] = nil
            setStatus(i, .pending, allowFailure: jobs[i].allowFailure)
            announce(i, .start)
            resetSkippedJobs(after: i)
        default:
            throw EngineError.notRetryable(job, status[i])
        }
    }

    /// Cancels the pipeline: created, scheduled, pending and running jobs become canceled (manual jobs
    /// stay playable, as in GitLab). Returns the jobs that were pending or running, for the caller to stop.
    @discardableResult
    public mutating func cancel() -> [String] {
        var stopped: [String] = []
        for i in jobs.indices where status[i].isCancelable {
            if status[i].isActive { stopped.append(jobs[i].name) }
            setStatus(i, .canceled)
        }
        canceled = true
        for s in stageQueue.indices { stageQueue[s].removeAll() }
        for i in dagQueue { dagQueued[i] = false }
        dagQueue.removeAll()
        scheduledJobs.removeAll()
        stagesDirty = false
        return stopped
    }

    /// Cancels one job (GitLab's job cancel, `Ci::Build#cancel`): a created, pending, running or
    /// scheduled job becomes canceled, and the pipeline goes on without it. The next `advance`
    /// skips the later jobs that needed it to succeed, and the pipeline's status follows from its
    /// jobs. Returns true when it was pending or running, for the caller to stop. GitLab's runner
    /// protocol offers `canceling` only to runners with `cancel_gracefully`: here the job is
    /// canceled at once.
    @discardableResult
    public mutating func cancel(_ job: String) throws -> Bool {
        guard let i = index[job] else { throw EngineError.unknownJob(job) }
        guard status[i].isCancelable else { throw EngineError.notCancelable(job, status[i]) }
        let wasActive = status[i].isActive
        playRequested[i] = false
        scheduledAt[i] = nil
        setStatus(i, .canceled)
        return wasActive
    }

    // MARK: Processing

    private mutating func startDueJobs(now: Double) {
        var waiting: [Int] = []
        for i in scheduledJobs where status[i] == .scheduled {
            if let at = scheduledAt[i], now >= at {
                scheduledAt[i] = nil
                setStatus(i, .pending)
                announce(i, .start)
            } else {
                waiting.append(i)
            }
        }
        scheduledJobs = waiting
    }

    /// DAG jobs whose needed jobs changed: each looks at its needs' composite status.
    private mutating func processNeeds(now: Double) {
        var head = 0
        while head < dagQueue.count {
            let i = dagQueue[head]
            head += 1
            dagQueued[i] = false
            guard status[i] == .created, let needs = needIndices[i] else { continue }
            var composite = CompositeStatus()
            for j in needs { composite.insert(category[j]) }
            let previous = composite.status(dag: true) ?? .success
            if previous.isCompleted { process(i, previous: previous, dag: true, now: now) }
        }
        dagQueue.removeAll(keepingCapacity: true)
    }

    /// Stage-order jobs, stage by stage, while the stages before are complete.
    private mutating func processStages(now: Double) {
        var prior = CompositeStatus()
        for stage in 0..<stageCount {
            let previous = prior.status() ?? .success
            // A stage is only reached once everything before it is complete, and stays so after.
            guard previous.isCompleted else { return }
            if !stageQueue[stage].isEmpty {
                var queued = stageQueue[stage]
                stageQueue[stage].removeAll(keepingCapacity: true)
                queued.sort()
                for i in queued where status[i] == .created && needIndices[i] == nil {
                    process(i, previous: previous, dag: false, now: now)
                }
            }
            prior.formUnion(CompositeStatus(bits: stageBits[stage]))
        }
    }

    /// `Ci::ProcessBuildService`: the job goes on or is skipped, given the status of what it waits for.
    private mutating func process(_ i: Int, previous: JobStatus, dag: Bool, now: Double) {
        let job = jobs[i]
        let goesOn: Bool
        switch job.when {
        case "on_success", "manual", "delayed":
            goesOn = previous == .success || (!dag && previous == .skipped)
        case "on_failure":
            goesOn = previous == .failed
        case "always":
            goesOn = previous == .success || previous == .failed || previous == .skipped
        default:
            goesOn = false
        }
        guard goesOn else {
            setStatus(i, .skipped)
            announce(i, .skip)
            return
        }
        if playRequested[i] {
            playRequested[i] = false
            setStatus(i, .pending)
            announce(i, .start)
        } else if job.when == "delayed", let seconds = job.startInSeconds {
            let at = now + Double(seconds)
            scheduledAt[i] = at
            scheduledJobs.append(i)
            setStatus(i, .scheduled)
            announce(i, .schedule(at))
        } else if job.isManualOrDelayed {
            setStatus(i, .manual)
            announce(i, .waitManual)
        } else {
            setStatus(i, .pending)
            announce(i, .start)
        }
    }

    /// `Ci::ResetSkippedJobsService`: skipped jobs of later stages, and skipped jobs that need this one
    /// (directly or not), become created and are processed again.
    private mutating func resetSkippedJobs(after i: Int) {
        var reset: [Int] = []
        let stage = jobs[i].stageIndex
        for j in jobs.indices where status[j] == .skipped && jobs[j].stageIndex > stage { reset.append(j) }
        var seen: Set<Int> = [i]
        var stack = dependents[i]
        while let j = stack.popLast() {
            guard seen.insert(j).inserted else { continue }
            if status[j] == .skipped && jobs[j].stageIndex <= stage { reset.append(j) }
            stack.append(contentsOf: dependents[j])
        }
        for j in reset {
            setStatus(j, .created)
            if needIndices[j] == nil {
                stageQueue[Swift.max(0, jobs[j].stageIndex)].append(j)
            } else {
                enqueueNeeds(j)
            }
        }
    }

    private mutating func enqueueNeeds(_ i: Int) {
        guard !dagQueued[i] else { return }
        dagQueued[i] = true
        dagQueue.append(i)
    }

    private mutating func setStatus(_ i: Int, _ new: JobStatus, allowFailure: Bool? = nil) {
        let old = status[i]
        let newAllowed = allowFailure ?? allowed[i]
        guard old != new || newAllowed != allowed[i] else { return }
        if old == .failed && allowed[i] { warningCount -= 1 }
        if new == .failed && newAllowed { warningCount += 1 }

        let oldCategory = category[i]
        let newCategory = CompositeStatus.Category(new, allowFailure: newAllowed)
        if oldCategory != newCategory {
            let stage = Swift.max(0, jobs[i].stageIndex)
            let base = stage * Self.categoryCount
            stageCounts[base + oldCategory.rawValue] -= 1
            if stageCounts[base + oldCategory.rawValue] == 0 { stageBits[stage] &= ~oldCategory.bit }
            stageCounts[base + newCategory.rawValue] += 1
            stageBits[stage] |= newCategory.bit
            totalCounts[oldCategory.rawValue] -= 1
            if totalCounts[oldCategory.rawValue] == 0 { totalBits &= ~oldCategory.bit }
            totalCounts[newCategory.rawValue] += 1
            totalBits |= newCategory.bit
            category[i] = newCategory
        }
        status[i] = new
        allowed[i] = newAllowed
        statuses[jobs[i].name] = new
        generation[i] &+= 1
        stagesDirty = true
        // Jobs that need this one can only decide once it is complete (or waits as a manual job).
        if new.isCompleted || new == .manual {
            for d in dependents[i] where status[d] == .created { enqueueNeeds(d) }
        }
    }

    private mutating func announce(_ i: Int, _ kind: Announcement.Kind) {
        outbox.append(Announcement(job: i, generation: generation[i], kind: kind))
    }

    /// The announcements whose status still holds, in pipeline order; a job skipped again after being
    /// processed anew is not announced twice.
    private mutating func drainOutbox() -> [EngineAction] {
        guard !outbox.isEmpty else { return [] }
        var current = outbox.filter { generation[$0.job] == $0.generation }
        outbox.removeAll(keepingCapacity: true)
        current.sort { $0.job < $1.job }
        var actions: [EngineAction] = []
        actions.reserveCapacity(current.count)
        for entry in current {
            let name = jobs[entry.job].name
            switch entry.kind {
            case .skip:
                if !lastAnnouncedSkip[entry.job] { actions.append(.skip(name)) }
                lastAnnouncedSkip[entry.job] = true
                continue
            case .start: actions.append(.start(name))
            case .waitManual: actions.append(.waitManual(name))
            case .schedule(let at): actions.append(.schedule(name, at: at))
            }
            lastAnnouncedSkip[entry.job] = false
        }
        return actions
    }
}
