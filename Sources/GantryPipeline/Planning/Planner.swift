import GantryYAML

/// Decides which jobs a pipeline creates for a ref and source: workflow rules, then each job's
/// rules or only/except, `when`, `allow_failure`, rule variables and needs, in GitLab's order.
public struct Planner: Sendable {
    public let config: PipelineConfig
    public let context: PlanContext
    /// Project files, for `rules: exists:`.
    public let files: [String]

    public init(config: PipelineConfig, context: PlanContext, files: [String] = []) {
        self.config = config
        self.context = context
        self.files = files
    }

    public enum Failure: Error, Sendable {
        /// Workflow rules or job rules leave nothing to run.
        case noPipeline(NoPipeline)
        /// The pipeline cannot be created (a needed job was not created, an invalid expression).
        case invalid([Diagnostic])
    }

    public func plan() -> Result<Plan, Failure> {
        // Variables rules see before any job: predefined, global YAML, project, pipeline.
        var layers = VariableLayers(context: context, global: config.variables)
        var workflowName: String? = nil
        if let workflow = config.workflow?.mapping {
            if let rules = workflow["rules"]?.sequence {
                switch firstMatch(rules, variables: layers.pipelineScope().resolved()) {
                case .none:
                    return .failure(.noPipeline(NoPipeline(reason: "Pipeline filtered out by workflow rules: no rule matches \(describe())")))
                case .some(let rule):
                    if rule.mapping?["when"]?.string == "never" {
                        return .failure(.noPipeline(NoPipeline(reason: "Pipeline filtered out by workflow rules: the rule at line \(rule.mark.line) says `when: never` for \(describe())")))
                    }
                    layers.workflow = VariableDefinition.list(from: rule.mapping?["variables"])
                }
            }
            if let name = workflow["name"]?.scalar?.value.asString {
                let resolved = layers.pipelineScope().resolved()
                workflowName = VariableExpander.expand(name, with: { resolved[$0] })
            }
        }
        let pipelineVariables = layers.pipelineScope().resolved()
        if let tooLong = Self.tooLong(pipelineVariables, defined: config.variables) { return .failure(.invalid([tooLong])) }

        var planned: [PlannedJob] = []
        var excluded: [(String, String)] = []
        var errors: [Diagnostic] = []
        for instance in config.instances {
            switch decide(instance, layers: layers) {
            case .success(let job): planned.append(job)
            case .failure(let reason):
                if let error = reason.error { errors.append(error) } else { excluded.append((instance.name, reason.text)) }
            }
        }
        if !errors.isEmpty { return .failure(.invalid(errors)) }

        // A need on a job that this pipeline does not create is an error unless optional.
        let names = Set(planned.map(\.name))
        for i in planned.indices {
            guard let needs = planned[i].needs else { continue }
            var kept: [PlannedNeed] = []
            for need in needs {
                if names.contains(need.job) { kept.append(need); continue }
                if need.optional { continue }
                errors.append(.error(planned[i].instance.job["needs"]?.mark ?? planned[i].instance.job.nameMark,
                                     "'\(planned[i].name)' job needs '\(need.job)' job, but '\(need.job)' is not in any previous stage"))
            }
            planned[i].needs = kept
        }
        if !errors.isEmpty { return .failure(.invalid(errors)) }

        let order = Dictionary(uniqueKeysWithValues: config.stages.enumerated().map { ($1, $0) })
        let sorted = planned.enumerated().sorted {
            let a = order[$0.element.stage] ?? 0, b = order[$1.element.stage] ?? 0
            return a != b ? a < b : $0.offset < $1.offset
        }.map(\.element)
        if sorted.isEmpty {
            let why = excluded.prefix(20).map { "  \($0.0): \($0.1)" }.joined(separator: "\n")
            let more = excluded.count > 20 ? "\n  ... and \(excluded.count - 20) more" : ""
            return .failure(.noPipeline(NoPipeline(reason: "No stages / jobs for this pipeline: every job is excluded for \(describe()).\n\(why)\(more)")))
        }
        let stages = config.stages.filter { stage in sorted.contains { $0.stage == stage } }
        return .success(Plan(stages: stages, jobs: sorted, name: workflowName, variables: pipelineVariables, layers: layers))
    }

    private func describe() -> String {
        "\(context.isTag ? "tag" : "branch") '\(context.ref)' (source \(context.source))"
    }

    /// The job as the pipeline would create it, or why it is left out.
    private func decide(_ instance: JobInstance, layers: VariableLayers) -> Result<PlannedJob, ExclusionReason> {
        let job = instance.job
        let variables = layers.jobScope(instance).resolved()
        if let tooLong = Self.tooLong(variables, defined: job.variables + config.variables) {
            return .failure(ExclusionReason(tooLong.message, error: tooLong))
        }

        var when = job.when
        var allowFailure = job.allowFailure
        var needs = job.needs
        var crossNeeds = job.crossNeeds
        var startIn = job["start_in"]?.scalar?.value.asString
        var ruleVariables: [VariableDefinition] = []

        if let rules = job["rules"]?.sequence {
            guard let rule = firstMatch(rules, variables: variables)?.mapping else {
                return .failure(ExclusionReason("no rule matches"))
            }
            if let w = rule["when"]?.string { when = w }
            if when == "never" { return .failure(ExclusionReason("its matching rule says `when: never`")) }
            if case .bool(let b) = rule["allow_failure"]?.scalar?.value { allowFailure = b }
            if rule["needs"] != nil {
                needs = Need.list(from: rule["needs"])
                crossNeeds = CrossNeed.list(from: rule["needs"])
            }
            if let s = rule["start_in"]?.scalar?.value.asString { startIn = s }
            ruleVariables = VariableDefinition.list(from: rule["variables"])
            // GitLab: a manual job from rules blocks the pipeline unless it says otherwise.
            if allowFailure == nil { allowFailure = false }
        } else {
            let policy = RefPolicy(context: context, variables: variables, fileExists: exists)
            let (ok, reason) = policy.allows(job)
            if !ok { return .failure(ExclusionReason(reason)) }
            if when == "never" { return .failure(ExclusionReason("`when: never`")) }
            if allowFailure == nil { allowFailure = (when == "manual") }
        }

        var exitCodes: [Int] = []
        if let codes = job["allow_failure"]?.mapping?["exit_codes"] {
            exitCodes = (codes.sequence ?? [codes]).compactMap { if case .int(let i) = $0.scalar?.value { return i } else { return nil } }
        }
        return .success(PlannedJob(
            name: instance.name, stage: job.stage, when: when, allowFailure: allowFailure ?? false,
            allowedExitCodes: exitCodes, needs: needs.map(expandNeeds), startIn: when == "delayed" ? startIn : nil,
            instance: instance, ruleVariables: ruleVariables, crossNeeds: crossNeeds))
    }

    /// Needs name jobs; a parallel job stands for all its instances (or those a matrix selects).
    private func expandNeeds(_ needs: [Need]) -> [PlannedNeed] {
        needs.flatMap { need -> [PlannedNeed] in
            guard let job = config.job(named: need.job) else {
                return [PlannedNeed(job: need.job, artifacts: need.artifacts, optional: need.optional)]
            }
            var instances = JobInstance.expand(job)
            if let matrix = need.matrix {
                let wanted = Set(matrix.map { MatrixExpansion.name(job.name, values: $0) })
                instances = instances.filter { wanted.contains($0.name) }
            }
            return instances.map { PlannedNeed(job: $0.name, artifacts: need.artifacts, optional: need.optional) }
        }
    }

    /// The first rule whose `if`, `changes` and `exists` all hold.
    func firstMatch(_ rules: [Node], variables: [String: String]) -> Node? {
        for rule in rules {
            guard let map = rule.mapping else { continue }
            if let condition = map["if"]?.string {
                guard let expression = try? RuleExpression(condition), expression.evaluate(variables) else { continue }
            }
            // Without a push event to compare with, GitLab counts `changes:` as matched.
            if let existsNode = map["exists"] {
                let list = existsNode.sequence ?? existsNode.mapping?["paths"]?.sequence ?? []
                let patterns = list.compactMap(\.string).map { VariableExpander.expand($0, with: { variables[$0] }) }
                guard patterns.contains(where: exists) else { continue }
            }
            return rule
        }
        return nil
    }

    func exists(_ pattern: String) -> Bool {
        let glob = Glob(pattern.hasPrefix("/") ? String(pattern.dropFirst()) : pattern)
        return files.contains { glob.matches($0) }
    }
}

extension Planner {
    /// A variable whose value, once expanded, passes `VariableExpander.maxValueBytes`: an error
    /// at its definition (values past the limit were cut short, so they must not be used).
    static func tooLong(_ values: [String: String], defined: [VariableDefinition]) -> Diagnostic? {
        guard values.values.contains(where: VariableExpander.isTooLong) else { return nil }
        let limit = VariableExpander.maxValueBytes
        for definition in defined where values[definition.name].map(VariableExpander.isTooLong) == true {
            return .error(definition.mark, "variables: the value of \(definition.name) expands to more than \(limit) bytes, the limit on a variable's value")
        }
        let name = values.keys.sorted().first { VariableExpander.isTooLong(values[$0]!) }!
        return .error(.builtin("variables"), "variables: the value of \(name) expands to more than \(limit) bytes, the limit on a variable's value")
    }
}

struct ExclusionReason: Error {
    let text: String
    /// Set when the job cannot be planned at all (an error for the whole pipeline).
    var error: Diagnostic? = nil
    init(_ text: String, error: Diagnostic? = nil) {
        self.text = text
        self.error = error
    }
}
