import GantryEngine
import GantryPipeline
import GantryTestSupport

/// How one attempt of a job ends in a simulated run.
enum Outcome {
    case pass
    case fail(exit: Int? = 1, reason: FailureReason? = .scriptFailure)
}

/// Drives a pipeline as `gantry run` does: starts every job `advance` returns, then finishes them all
/// with the scripted outcomes (one per attempt; success when none is left), and waits for delayed jobs.
struct Driver {
    var state: PipelineState
    var outcomes: [String: [Outcome]] = [:]
    var now = 0.0
    /// Every action `advance` returned, in order.
    var actions: [EngineAction] = []
    /// Jobs in the order their attempts ran.
    var ran: [String] = []
    /// Manual jobs to play when they come to wait.
    var play: Set<String> = []

    init(_ jobs: [EngineJob], outcomes: [String: [Outcome]] = [:], play: Set<String> = []) {
        state = PipelineState(jobs: jobs)
        self.outcomes = outcomes
        self.play = play
    }

    /// One round: advance, then run what it started to the end.
    @discardableResult
    mutating func step() -> [EngineAction] {
        let new = state.advance(now: now)
        actions += new
        for action in new {
            if case .waitManual(let job) = action, play.contains(job) { try? state.play(job) }
        }
        for case .start(let job) in new {
            state.started(job)
            ran.append(job)
            var queue = outcomes[job] ?? []
            let outcome = queue.isEmpty ? .pass : queue.removeFirst()
            outcomes[job] = queue
            switch outcome {
            case .pass: state.finished(job, success: true, exitCode: 0, reason: nil)
            case .fail(let exit, let reason): state.finished(job, success: false, exitCode: exit, reason: reason)
            }
        }
        return new
    }

    /// Runs until nothing more happens without a user.
    mutating func run() {
        for _ in 0..<10_000 {
            let new = step()
            if !new.isEmpty { continue }
            if state.isComplete { return }
            if let next = state.nextScheduledTime { now = next; continue }
            return
        }
    }

    func status(_ job: String) -> JobStatus { state.status(of: job) }

    var started: [String] { actions.compactMap { if case .start(let j) = $0 { return j } else { return nil } } }
    var skipped: [String] { actions.compactMap { if case .skip(let j) = $0 { return j } else { return nil } } }
}

func job(_ name: String, stage: Int = 0, when: String = "on_success", allowFailure: Bool = false,
         exitCodes: [Int] = [], needs: [String]? = nil, startIn: Int? = nil, retry: RetryPolicy = .none) -> EngineJob {
    EngineJob(name: name, stageIndex: stage, when: when, allowFailure: allowFailure, allowedExitCodes: exitCodes,
              needs: needs, startInSeconds: startIn, retry: retry)
}

/// Plans `.gitlab-ci.yml` text for a push to main.
func plan(_ yaml: String) -> Plan? {
    let result = ConfigLoader(source: MemorySource(files: [:])).load(text: yaml, file: ".gitlab-ci.yml")
    guard let config = result.config, !result.diagnostics.hasErrors else { return nil }
    guard case .success(let plan) = Planner(config: config, context: PlanContext(ref: "main")).plan() else { return nil }
    return plan
}
