/// What `PipelineState.advance(now:)` asks its caller to do or show, once per change.
public enum EngineAction: Sendable, Equatable {
    /// The job is pending: run it, then report `started` and `finished`.
    case start(String)
    /// The job will not run (its `when` does not fit what came before).
    case skip(String)
    /// A manual job is ready and waits for `play`.
    case waitManual(String)
    /// A delayed job starts at this time (seconds, on the caller's clock); call `advance` then.
    case schedule(String, at: Double)

    public var job: String {
        switch self {
        case .start(let name), .skip(let name), .waitManual(let name), .schedule(let name, _): return name
        }
    }
}
