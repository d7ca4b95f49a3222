/// The jobs a pipeline for one ref/source creates, as GitLab would create them.
public struct Plan: Sendable {
    public var stages: [String]
    public var jobs: [PlannedJob]
    /// `workflow:name`, expanded.
    public var name: String?
    /// The variables every job starts from (predefined, global, workflow rule, pipeline).
    public var variables: [String: String]
    /// The sources of those variables, to build each job's own scope from.
    public var layers: VariableLayers
    /// The configuration the plan was made from (set by `PipelineBuild`), for checks that read
    /// more than the planned jobs: GantryLint's look at every job and the project's files.
    public var config: PipelineConfig?
    /// What loading found that does not stop the pipeline (GitLab's warnings; the checks' advice
    /// when the caller gave `PipelineBuild` some), in file order.
    public var warnings: [Diagnostic] = []
}

public struct PlannedJob: Sendable {
    public var name: String
    public var stage: String
    /// on_success, on_failure, always, manual, delayed.
    public var when: String
    public var allowFailure: Bool
    /// Exit codes that count as allowed failures (`allow_failure: exit_codes:`).
    public var allowedExitCodes: [Int]
    /// Names of the jobs this one waits for; nil when it follows stage order.
    public var needs: [PlannedNeed]?
    public var startIn: String?
    public var instance: JobInstance
    /// Variables added by the matching rule (`rules: variables:`), above the job's own.
    public var ruleVariables: [VariableDefinition]
    /// Jobs of other pipelines or projects whose artifacts this job downloads first.
    public var crossNeeds: [CrossNeed] = []
}

public struct PlannedNeed: Sendable, Equatable {
    public var job: String
    public var artifacts: Bool
    public var optional: Bool
}

/// Why no pipeline would be created; `gantry plan` prints it and exits 3.
public struct NoPipeline: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

extension Plan {
    /// Whose artifacts (and dotenv variables) a job receives, as GitLab decides: `dependencies:`
    /// when given, else the jobs it `needs` (unless `artifacts: false`), else every job of the
    /// earlier stages.
    public func artifactSources(of job: PlannedJob) -> [String] {
        let stageIndex = stages.firstIndex(of: job.stage) ?? 0
        if let listed = job.instance.job.dependencies {
            let wanted = Set(listed.compactMap(\.string))
            return jobs.filter { wanted.contains($0.name) || wanted.contains($0.instance.job.name) }.map(\.name)
        }
        if let needs = job.needs { return needs.filter(\.artifacts).map(\.job) }
        return jobs.filter { (stages.firstIndex(of: $0.stage) ?? 0) < stageIndex }.map(\.name)
    }
}
