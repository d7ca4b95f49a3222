import Foundation
import GantryEngine
import GantryPipeline
import Synchronization

/// Runs a planned pipeline on this machine: the engine decides what starts, is skipped or waits;
/// up to `concurrency` jobs run at once, each in its own workspace slot; results flow to the
/// jobs that depend on them (artifacts, dotenv variables).
public final class PipelineRunner: Sendable {
    public let plan: Plan
    public let settings: RunSettings
    private let executor: any JobExecutor
    private let canceled = Atomic<Bool>(false)
    private let manual: Set<String>

    /// `manual`: names of manual jobs to play as soon as they are reached; `executor`: where the
    /// jobs' scripts run.
    public init(plan: Plan, settings: RunSettings, manual: Set<String> = [], executor: any JobExecutor = ShellExecutor()) {
        self.plan = plan
        self.executor = executor
        self.settings = settings
        self.manual = manual
    }

    public struct Outcome: Sendable {
        public var status: PipelineStatus
        public var hasWarnings: Bool
        /// Every job of the plan with its final status, in plan order.
        public var jobs: [(job: PlannedJob, status: JobStatus, result: JobResult?, attempts: Int, allowedFailure: Bool)]
    }

    /// Ctrl-C or an API cancel: running scripts are ended, nothing new starts.
    public func cancel() {
        canceled.store(true, ordering: .relaxed)
        executor.cancelAll()
    }

    public func run() async -> Outcome {
        let engineJobs = plan.jobs.map { EngineJob($0, stages: plan.stages) }
        var state = PipelineState(jobs: engineJobs)
        let byName = Dictionary(uniqueKeysWithValues: plan.jobs.enumerated().map { ($1.name, ($0, $1)) })
        var results: [String: JobResult] = [:]
        var nextID = settings.pipelineIID * 100_000
        var freeSlots = Array((0..<settings.concurrency).reversed())
        var queue: [String] = []
        var running = 0
        let start = Date()
        let runner = JobRunner(settings: settings, executor: executor)

        await withTaskGroup(of: (String, Int, JobResult?).self) { group in
            while true {
                if canceled.load(ordering: .relaxed) && !state.isComplete {
                    state.cancel()
                    queue.removeAll()
                }
                var played = false
                for action in state.advance(now: Date().timeIntervalSince(start)) {
                    switch action {
                    case .start(let name):
                        queue.append(name)
                    case .skip(let name):
                        settings.console.note("\(name): skipped")
                    case .waitManual(let name):
                        if manual.contains(name) || manual.contains(byName[name]?.1.instance.job.name ?? "") {
                            played = (try? state.play(name)) != nil || played
                        } else {
                            settings.console.note("\(name): manual job, not started (play it with --manual '\(name)')")
                        }
                    case .schedule(let name, let at):
                        settings.console.note("\(name): delayed, starts in \(Int(max(0, at - Date().timeIntervalSince(start))))s")
                        let wait = max(0, at - Date().timeIntervalSince(start))
                        group.addTask {
                            try? await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
                            return ("", -1, nil)
                        }
                    }
                }
                // A played manual job becomes startable on the next advance.
                if played { continue }
                // Nothing to start, run or wait for, yet not complete: blocked by a manual job.
                if queue.isEmpty && running == 0 && group.isEmpty && !state.isComplete { break }
                while running < settings.concurrency, !queue.isEmpty, let slot = freeSlots.popLast() {
                    let name = queue.removeFirst()
                    guard let (index, job) = byName[name] else { continue }
                    nextID += 1
                    state.started(name)
                    running += 1
                    let assignment = JobRunner.localAssignment(job, id: nextID, index: index, slot: slot, project: settings.projectRoot,
                                                               layers: plan.layers, dependencies: dependencies(of: job, results: results),
                                                               idTokens: settings.idTokens, crossNeeds: settings.crossNeeds)
                    group.addTask {
                        let started = Date().timeIntervalSince(start)
                        var result = await PipelineRunner.onThread { runner.run(assignment) }
                        result.timeline = (slot, started, Date().timeIntervalSince(start))
                        return (name, slot, result)
                    }
                }
                if state.isComplete && running == 0 { break }
                guard let (name, slot, result) = await group.next() else { break }
                guard let result else { continue }  // a delayed job's timer
                running -= 1
                freeSlots.append(slot)
                results[name] = result
                let retry = state.finished(name, success: result.status == .success, exitCode: result.exitCode.map(Int.init),
                                           reason: result.status == .canceled ? nil : result.failureReason)
                if retry { settings.console.note("\(name): retrying (attempt \(state.attempts(of: name) + 1))") }
            }
            group.cancelAll()
        }
        let jobs = plan.jobs.map { job in
            (job: job, status: state.status(of: job.name), result: results[job.name],
             attempts: state.attempts(of: job.name), allowedFailure: state.allowedFailure(of: job.name))
        }
        return Outcome(status: state.pipelineStatus, hasWarnings: state.hasWarnings, jobs: jobs)
    }

    /// Runs blocking work (a job waits on its processes) on a thread of its own, so that jobs
    /// never starve Swift's cooperative pool, which has only as many threads as cores.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body()) }
        }
    }

    func dependencies(of job: PlannedJob, results: [String: JobResult]) -> [JobResult] {
        plan.artifactSources(of: job).compactMap { results[$0] }
    }
}
