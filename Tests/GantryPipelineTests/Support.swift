import GantryPipeline
import GantryTestSupport
import GantryYAML

/// Loads `.gitlab-ci.yml` text (plus other project files) the way `gantry lint` does.
func load(_ yaml: String, files: [String: String] = [:]) -> LoadResult {
    ConfigLoader(source: MemorySource(files: files)).load(text: yaml, file: ".gitlab-ci.yml")
}

func errors(_ result: LoadResult) -> [String] { result.diagnostics.errors.map(\.message) }

/// Plans a valid configuration for a branch (or tag) and returns the created job names.
func plannedJobs(_ yaml: String, ref: String = "main", tag: Bool = false, source: String = "push",
                 variables: [(String, String)] = [], files: [String: String] = [:]) -> [String]? {
    guard let config = load(yaml, files: files).config else { return nil }
    let context = PlanContext(ref: ref, refKind: tag ? .tag : .branch, source: source, pipelineVariables: variables)
    switch Planner(config: config, context: context, files: files.keys.sorted()).plan() {
    case .success(let plan): return plan.jobs.map(\.name)
    case .failure: return []
    }
}

func plan(_ yaml: String, ref: String = "main", tag: Bool = false, source: String = "push",
          variables: [(String, String)] = []) -> Result<Plan, Planner.Failure>? {
    guard let config = load(yaml).config else { return nil }
    let context = PlanContext(ref: ref, refKind: tag ? .tag : .branch, source: source, pipelineVariables: variables)
    return Planner(config: config, context: context).plan()
}
