import Foundation
import GantryEngine
import GantryPipeline
import GantryStore

/// A pipeline the server is moving: its plan, the engine's state, and the store's rows of the
/// current attempt of each job. The store is the truth; this mirrors it for speed, and is rebuilt
/// from the store (plan again, replay the events) after a restart.
struct ActivePipeline {
    var record: PipelineRecord
    let project: ProjectRecord
    let plan: Plan
    var state: PipelineState
    /// The row of each job's current attempt, by job name.
    var rows: [String: JobRecord]
    let planned: [String: PlannedJob]
    /// Keys of masked CI/CD variables: their values never appear in a trace.
    let maskedKeys: Set<String>

    init(record: PipelineRecord, project: ProjectRecord, plan: Plan, rows: [JobRecord], maskedKeys: Set<String>) {
        self.record = record
        self.project = project
        self.plan = plan
        self.state = PipelineState(jobs: plan.jobs.map { EngineJob($0, stages: plan.stages) })
        self.rows = Dictionary(rows.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        self.planned = Dictionary(plan.jobs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.maskedKeys = maskedKeys
    }

    /// Seconds since the pipeline was created: the engine's clock for delayed jobs.
    func clock(_ date: Date = Date()) -> Double { date.timeIntervalSince(record.createdAt) }

    /// Applies a stored event to the engine, as it was applied when it happened.
    mutating func replay(_ event: PipelineEventRecord) {
        _ = state.advance(now: clock(event.at))
        let name = event.jobName ?? ""
        switch EngineInput(rawValue: event.kind) {
        case .started: state.started(name)
        case .finished:
            state.finished(name, success: event.success ?? false, exitCode: event.exitCode,
                           reason: event.reason.flatMap(FailureReason.init(rawValue:)))
        case .play: try? state.play(name)
        case .retry: try? state.retry(name)
        case .cancel: state.cancel()
        case .cancelJob: _ = try? state.cancel(name)
        case nil: break
        }
    }
}
