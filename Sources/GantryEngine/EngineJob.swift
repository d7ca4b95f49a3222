import GantryPipeline

/// What the scheduler needs to know about one job of a pipeline.
public struct EngineJob: Sendable {
    public var name: String
    /// Position of the job's stage in the pipeline's stages (`.pre` first).
    public var stageIndex: Int
    /// on_success, on_failure, always, manual, delayed.
    public var when: String
    public var allowFailure: Bool
    /// Exit codes that make a failure allowed (`allow_failure: exit_codes:`).
    public var allowedExitCodes: [Int]
    /// The jobs this one needs (`needs:`, `[]` to start at once); nil to follow stage order.
    public var needs: [String]?
    /// `start_in` of a delayed job.
    public var startInSeconds: Int?
    public var retry: RetryPolicy

    public init(name: String, stageIndex: Int = 0, when: String = "on_success", allowFailure: Bool = false,
                allowedExitCodes: [Int] = [], needs: [String]? = nil, startInSeconds: Int? = nil,
                retry: RetryPolicy = .none) {
        self.name = name
        self.stageIndex = stageIndex
        self.when = when
        self.allowFailure = allowFailure
        self.allowedExitCodes = allowedExitCodes
        self.needs = needs
        self.startInSeconds = startInSeconds
        self.retry = retry
    }

    /// A job as the planner created it; `stages` are the plan's stages, in order.
    public init(_ planned: PlannedJob, stages: [String]) {
        self.init(name: planned.name,
                  stageIndex: stages.firstIndex(of: planned.stage) ?? 0,
                  when: planned.when,
                  allowFailure: planned.allowFailure,
                  allowedExitCodes: planned.allowedExitCodes,
                  needs: planned.needs?.map(\.job),
                  startInSeconds: planned.startIn.flatMap(DurationParser.seconds),
                  retry: RetryPolicy(planned.instance.job.retry))
    }

    var isManualOrDelayed: Bool { when == "manual" || when == "delayed" }
}
