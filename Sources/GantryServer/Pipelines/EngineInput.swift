/// The engine inputs the server stores as pipeline events (their `kind`), so that a restarted
/// server replays them to the same `PipelineState` (`ActivePipeline.replay`).
enum EngineInput: String {
    case started
    case finished
    case play
    case retry
    case cancel
    /// One job canceled (the pipeline's `cancel` has no job name).
    case cancelJob = "cancel_job"
}
