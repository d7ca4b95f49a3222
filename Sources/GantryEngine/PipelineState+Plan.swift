import GantryPipeline

extension PipelineState {
    /// The state of a new pipeline for a plan: every job created, nothing started.
    public init(plan: Plan) {
        self.init(jobs: plan.jobs.map { EngineJob($0, stages: plan.stages) })
    }
}
