/// Every source of variables for a pipeline and its jobs, stacked in GitLab's documented order of
/// precedence (lowest first): predefined, global YAML (as `inherit: variables` allows), workflow rule,
/// job YAML (with matrix and rule variables), dotenv reports of dependencies, project/group,
/// pipeline (`--variable`, API, trigger). Planning builds rule scopes here, and every job's
/// variables, for `gantry run` and for runners of `gantry server` alike, come from ``jobVariables``.
public struct VariableLayers: Sendable {
    public var predefined: [(String, String)]
    /// Job-only predefined variables of the pipeline (CI_PIPELINE_ID): jobs get them, rules do not.
    public var jobOnly: [(String, String)]
    public var global: [VariableDefinition]
    public var workflow: [VariableDefinition]
    public var project: [(String, String)]
    public var pipeline: [(String, String)]

    public init(context: PlanContext, global: [VariableDefinition], workflow: [VariableDefinition] = []) {
        self.predefined = PredefinedVariables.forPipeline(context)
        self.jobOnly = PredefinedVariables.jobOnly(context)
        self.global = global
        self.workflow = workflow
        self.project = context.projectVariables
        self.pipeline = context.pipelineVariables
    }

    /// Variables every job starts from (what workflow rules see).
    public func pipelineScope() -> VariableScope {
        var scope = VariableScope()
        scope.add(predefined, expand: false)
        scope.add(global)
        scope.add(workflow)
        scope.add(project)
        scope.add(pipeline)
        return scope
    }

    /// One job's variables as its `rules:` see them: the pipeline's, the job's predefined
    /// pipeline variables (CI_JOB_NAME, CI_NODE_INDEX ...) and its own; `rule` and `dotenv` are
    /// empty while rules are being evaluated. `jobPredefined` adds job-only predefined values
    /// (CI_JOB_ID, CI_JOB_TOKEN ...), literal, for the job's environment.
    public func jobScope(_ instance: JobInstance, jobPredefined: [(String, String)] = [],
                         rule: [VariableDefinition] = [], dotenv: [(String, String)] = []) -> VariableScope {
        let job = instance.job
        let inherit = job.inheritedVariables
        var scope = VariableScope()
        scope.add(predefined, expand: false)
        scope.add(PredefinedVariables.forJob(instance), expand: false)
        // The image's name may use variables; the runner expands it.
        if let image = PredefinedVariables.imageName(job) { scope.set("CI_JOB_IMAGE", image) }
        scope.add(jobPredefined, expand: false)
        scope.add(inherit == .all ? global : global.filter { inherit.allows($0.name) })
        scope.add(workflow)
        scope.add(job.variables)
        scope.add(instance.matrixVariables)
        scope.add(rule)
        scope.add(dotenv)
        scope.add(project)
        scope.add(pipeline)
        return scope
    }

    /// One job's variables as the runner gets them (the job payload's `variables`): everything of
    /// ``jobScope`` plus the pipeline's job-only values, expanded as far as the pipeline knows;
    /// references to where the job runs (`$CI_PROJECT_DIR` ...) are kept for the runner, which
    /// builds the environment with ``JobVariable/environment(_:runner:)``.
    public func jobVariables(_ instance: JobInstance, jobPredefined: [(String, String)],
                             rule: [VariableDefinition], dotenv: [(String, String)]) -> [JobVariable] {
        jobScope(instance, jobPredefined: jobOnly + jobPredefined, rule: rule, dotenv: dotenv).runnerVariables()
    }
}
