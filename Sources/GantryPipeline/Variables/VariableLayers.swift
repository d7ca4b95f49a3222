/// Every source of variables for a pipeline and its jobs, stacked in GitLab's documented order of
/// precedence (lowest first): predefined, global YAML (as `inherit: variables` allows), workflow rule,
/// job YAML (with matrix and rule variables), dotenv reports of dependencies, project/group,
/// pipeline (`--variable`, API, trigger). Planning and execution both build scopes here.
public struct VariableLayers: Sendable {
    public var predefined: [(String, String)]
    public var global: [VariableDefinition]
    public var workflow: [VariableDefinition]
    public var project: [(String, String)]
    public var pipeline: [(String, String)]

    public init(context: PlanContext, global: [VariableDefinition], workflow: [VariableDefinition] = []) {
        self.predefined = PredefinedVariables.forPipeline(context)
        self.global = global
        self.workflow = workflow
        self.project = context.projectVariables
        self.pipeline = context.pipelineVariables
    }

    /// Variables every job starts from (what workflow rules see).
    public func pipelineScope() -> VariableScope {
        var scope = VariableScope()
        scope.add(predefined)
        scope.add(global)
        scope.add(workflow)
        scope.add(project)
        scope.add(pipeline)
        return scope
    }

    /// One job's variables. `jobPredefined` (CI_JOB_ID, CI_PROJECT_DIR of its workspace ...) sits
    /// with the predefined ones; `rule` and `dotenv` are empty while rules are being evaluated.
    public func jobScope(_ instance: JobInstance, jobPredefined: [(String, String)] = [],
                         rule: [VariableDefinition] = [], dotenv: [(String, String)] = []) -> VariableScope {
        let job = instance.job
        let inherit = job.inheritedVariables
        var scope = VariableScope()
        scope.add(predefined)
        scope.add(jobPredefined)
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
}
