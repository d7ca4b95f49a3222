import GantryYAML

/// Why a job the configuration defines is not in the pipeline for a ref, for `gantry run JOB` to
/// say more than "no job": where the job is, which rule (file:line:col) leaves it out for which
/// ref, and which options would bring it in.
public struct JobExclusion: Sendable, CustomStringConvertible {
    public var job: String
    public var definedAt: SourceMark
    /// The pipeline it is left out of: `branch 'main' (source push)`.
    public var pipeline: String
    /// One line each: the deciding rule, or every rule that did not match.
    public var reasons: [String]
    /// Options of `gantry run`/`gantry plan` that change what the rules read.
    public var options: [String]
    /// A matching `when: never` rule decided (rather than no rule matching).
    public var excludedByNever = false

    public var description: String {
        var text = "job '\(job)' exists (\(definedAt)), but its rules leave it out of the pipeline for \(pipeline):\n"
        text += reasons.map { "  \($0)\n" }.joined()
        if options.isEmpty {
            text += "  nothing given on the command line changes that: edit the rules to include it"
        } else if excludedByNever {
            text += "  to include it, plan for a pipeline that rule does not match; it reads: \(options.joined(separator: ", "))"
        } else {
            text += "  to include it, give what the rules read: \(options.joined(separator: ", ")), e.g. gantry run \(job) \(options[0])"
        }
        return text
    }

    /// Loads `text` as `PipelineBuild.plan` does and explains why `job` (a job name, or one
    /// instance of a `parallel:` job) is left out. Nil when the configuration has no such job,
    /// or the job is in fact created.
    public static func explain(job: String, text: String, file: String, source: SourceProvider,
                               context: PlanContext, layers: VariableLayers, fetcher: (any IncludeFetcher)? = nil) -> JobExclusion? {
        guard let config = loadedConfig(text: text, file: file, source: source, context: context, fetcher: fetcher),
              let instance = config.instances.first(where: { $0.name == job || $0.job.name == job })
        else { return nil }
        let planner = Planner(config: config, context: context, files: source.allFiles())
        return planner.exclusion(of: instance, variables: layers.jobScope(instance).resolved())
    }
}

extension JobExclusion {
    /// Why each job is left out, for a pipeline that has none (`No stages / jobs`): the jobs' rules
    /// see the variables before any workflow rule's.
    public static func explainAll(text: String, file: String, source: SourceProvider, context: PlanContext,
                                  fetcher: (any IncludeFetcher)? = nil) -> [JobExclusion] {
        guard let config = loadedConfig(text: text, file: file, source: source, context: context, fetcher: fetcher) else { return [] }
        let layers = VariableLayers(context: context, global: config.variables)
        let planner = Planner(config: config, context: context, files: source.allFiles())
        return config.instances.compactMap { planner.exclusion(of: $0, variables: layers.jobScope($0).resolved()) }
    }

    /// The configuration as `PipelineBuild.plan` loads it (includes see the pipeline's variables).
    static func loadedConfig(text: String, file: String, source: SourceProvider, context: PlanContext,
                             fetcher: (any IncludeFetcher)? = nil) -> PipelineConfig? {
        ConfigLoader(source: source, variables: PredefinedVariables.forIncludes(context), fetcher: fetcher).load(text: text, file: file).config
    }
}

extension Planner {
    /// The rules of `instance` replayed with the variables they saw, keeping the rule marks.
    func exclusion(of instance: JobInstance, variables: [String: String]) -> JobExclusion? {
        let job = instance.job
        let pipeline = "\(context.isTag ? "tag" : "branch") '\(context.ref)' (source \(context.source))"
        var result = JobExclusion(job: instance.name, definedAt: job.nameMark, pipeline: pipeline, reasons: [], options: [])
        if let rulesNode = job["rules"], let rules = rulesNode.sequence {
            if let rule = firstMatch(rules, variables: variables) {
                guard (rule.mapping?["when"]?.string ?? job.when) == "never" else { return nil }
                result.reasons = ["\(rule.mark): this rule matches\(Self.condition(rule)) and says `when: never`"]
                result.options = Self.options(reading: Self.variableNames(in: [rule]))
                result.excludedByNever = true
            } else if rules.count == 1 {
                result.reasons = ["\(rules[0].mark): its only rule does not match\(Self.condition(rules[0]))"]
                result.options = Self.options(reading: Self.variableNames(in: rules))
            } else {
                let rulesKey = job.node.mapping?.entry("rules")?.keyMark ?? rulesNode.mark
                result.reasons = ["\(rulesKey): none of its \(rules.count) rules matches:"]
                    + rules.map { "  \($0.mark): does not match\(Self.condition($0))" }
                let matchable = rules.filter { $0.mapping?["when"]?.string != "never" }
                result.options = Self.options(reading: Self.variableNames(in: matchable))
            }
            return result
        }
        let (allowed, reason) = RefPolicy(context: context, variables: variables, fileExists: exists).allows(job)
        if !allowed {
            let mark = (job["only"] ?? job["except"])?.mark ?? job.nameMark
            result.reasons = ["\(mark): \(reason)"]
            let expressions = [job["only"], job["except"]].compactMap { $0?.mapping?["variables"] }
                .flatMap { $0.sequence ?? [$0] }.compactMap(\.string)
            let names = expressions.flatMap { (try? RuleExpression($0))?.variableNames ?? [] }
            result.options = ["--ref BRANCH", "--tag TAG"] + Self.options(reading: names).filter { !$0.hasPrefix("--ref") && !$0.hasPrefix("--tag") }
            return result
        }
        guard job.when == "never" else { return nil }
        result.reasons = ["\((job["when"]?.mark ?? job.nameMark)): `when: never`"]
        return result
    }

    /// ` (if: EXPR)`, the part of a rule that decided, for the message.
    static func condition(_ rule: Node) -> String {
        guard let map = rule.mapping else { return "" }
        var parts: [String] = []
        if let expression = map["if"]?.string { parts.append("if: \(expression)") }
        if map["exists"] != nil { parts.append("exists:") }
        return parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"
    }

    static func variableNames(in rules: [Node]) -> [String] {
        rules.flatMap { rule -> [String] in
            guard let expression = rule.mapping?["if"]?.string else { return [] }
            return (try? RuleExpression(expression))?.variableNames ?? []
        }
    }

    /// The command-line options that set the variables rules read, each once, in a fixed order.
    static func options(reading names: [String]) -> [String] {
        var options: [String] = []
        func add(_ option: String) { if !options.contains(option) { options.append(option) } }
        for name in names {
            switch name {
            case "CI_COMMIT_TAG", "CI_COMMIT_TAG_MESSAGE": add("--tag TAG")
            case "CI_COMMIT_BRANCH", "CI_COMMIT_REF_NAME", "CI_COMMIT_REF_SLUG": add("--ref BRANCH")
            case "CI_PIPELINE_SOURCE": add("--source SOURCE")
            case "CI_DEFAULT_BRANCH": add("--default-branch BRANCH")
            default: add("--variable \(name)=VALUE")
            }
        }
        return options
    }
}
