/// The engine inputs the server stores as pipeline events (their `kind`), so that a restarted
/// server replays them to the same `PipelineState` (`ActivePipeline.replay`).
enum EngineInput: String {
    case started
    case finished
    case play
    case retry
    case cancel
}
