import GantryYAML

/// The per-keyword validation of one job, with GitLab's messages (`Entry::Job`, `Entry::Bridge`,
/// `Entry::Processable` and the entries they hold). A job with `script:` or `run:` is a script job;
/// one with `trigger:` or `needs:` and neither of those is a trigger job, as GitLab tells them apart.
public enum JobValidator {
    /// `job` is the job's mapping after extends and !reference were applied (default: not merged in).
    /// Appends every error (and any warning) found; never stops at the first.
    public static func validate(name: String, nameMark: SourceMark, job: Node, into diagnostics: inout Diagnostics) {
        let jobs = ValidationScope("jobs")
        // GitLab names an entry without a key after its class: a blank job name is `jobs:job`.
        let blank = name.allSatisfy(\.isWhitespace)
        let scope = jobs.child(blank ? "job" : name)
        if blank { scope.error("name", "can't be blank", at: nameMark, into: &diagnostics) }
        if name.hasPrefix(".") {
            // Hidden keys are templates; GitLab only asks that they are not empty.
            if NodeChecks.isBlank(job) { scope.config("can't be blank", at: job.mark, into: &diagnostics) }
            return
        }
        let map = job.mapping
        let isScriptJob = map.map { $0.contains("script") || $0.contains("run") } ?? false
        let isTriggerJob = !isScriptJob && (map.map { $0.contains("trigger") || $0.contains("needs") } ?? false)
        guard let map, isScriptJob || isTriggerJob else {
            diagnostics.error(nameMark, jobs.bare("\(name) config should implement the script:, run:, or trigger: keyword"))
            // Usually a misspelled `script:`: name the keys that are not keywords, with suggestions.
            if let map { NodeChecks.checkAllowedKeys(map, KeywordLists.jobKeys, scope: scope, into: &diagnostics) }
            return
        }
        let context = Context(name: name, nameMark: nameMark, map: map, scope: scope)
        validateProcessable(context, into: &diagnostics)
        if isScriptJob {
            validateScriptJob(context, into: &diagnostics)
        } else {
            validateTriggerJob(context, into: &diagnostics)
        }
    }

    private struct Context {
        let name: String
        let nameMark: SourceMark
        let map: Mapping
        let scope: ValidationScope

        /// The value of a keyword, nil when absent or null (GitLab leaves those unspecified).
        func value(_ key: String) -> Node? {
            guard let node = map[key], !node.isNull else { return nil }
            return node
        }
    }

    // MARK: What script jobs and trigger jobs share (Processable)

    private static func validateProcessable(_ job: Context, into diagnostics: inout Diagnostics) {
        let scope = job.scope
        let map = job.map
        if job.name.count > 255 {
            scope.error("name", "is too long (maximum is 255 characters)", at: job.nameMark, into: &diagnostics)
        }
        NodeChecks.checkMutuallyExclusive(map, ["script", "trigger"], scope: scope, into: &diagnostics)
        NodeChecks.checkMutuallyExclusive(map, ["run", "trigger"], scope: scope, into: &diagnostics)

        if let rules = job.value("rules") {
            let withRules = map.entries.filter { ["only", "except", "start_in"].contains($0.key) && !$0.value.isNull }
            if let first = withRules.first {
                scope.config("key may not be used with `rules`: " + withRules.map(\.key).joined(separator: ", "),
                             at: first.keyMark, into: &diagnostics)
            }
            if !NodeChecks.isNestedArray(rules, maxLevel: KeywordLists.maxNestingLevel, element: NodeChecks.isHash) {
                scope.error("rules", "should be an array containing hashes and arrays of hashes", at: rules.mark,
                            into: &diagnostics)
            }
            RulesValidator.validate(rules, place: .job, scope: scope.child("rules"), into: &diagnostics)
        }
        if let extends = job.value("extends"), !NodeChecks.isArrayOfStringsOrString(extends) {
            scope.error("extends", "should be an array of strings or a string", at: extends.mark, into: &diagnostics)
        }
        NodeChecks.checkString(map, "resource_group", scope: scope, into: &diagnostics)
        if let stage = job.value("stage"), !NodeChecks.isString(stage) {
            scope.child("stage").config("should be a string", at: stage.mark, into: &diagnostics)
        }
        for key in ["only", "except"] {
            if let policy = job.value(key) {
                PolicyValidator.validate(policy, scope: scope.child(key), into: &diagnostics)
            }
        }
        if let variables = job.value("variables") {
            VariablesValidator.validate(variables, scope: scope.child("variables"),
                                        allowedData: KeywordLists.jobVariableData, into: &diagnostics)
        }
        if let inherit = job.value("inherit") {
            SimpleEntries.inherit(inherit, scope: scope.child("inherit"), into: &diagnostics)
        }
        if let environment = job.value("environment") {
            EnvironmentValidator.validate(environment, scope: scope.child("environment"), into: &diagnostics)
        }
        if let interruptible = job.value("interruptible") {
            NodeChecks.checkBooleanEntry(interruptible, scope: scope.child("interruptible"), into: &diagnostics)
        }
    }

    /// `validates :when, type: String, inclusion: { in: ..., message: "should be one of: ..." }`.
    private static func checkWhen(_ job: Context, allowed: [String], into diagnostics: inout Diagnostics) {
        guard let when = job.value("when") else { return }
        if !NodeChecks.isString(when) {
            job.scope.error("when", "should be a string", at: when.mark, into: &diagnostics)
        }
        if when.string.map(allowed.contains) != true {
            job.scope.error("when", "should be one of: " + allowed.joined(separator: ", "), at: when.mark,
                            into: &diagnostics)
        }
    }

    // MARK: Script jobs (Entry::Job)

    private static func validateScriptJob(_ job: Context, into diagnostics: inout Diagnostics) {
        let scope = job.scope
        let map = job.map
        NodeChecks.checkAllowedKeys(map, KeywordLists.jobKeys, scope: scope, into: &diagnostics)
        for other in ["script", "before_script", "after_script"] {
            NodeChecks.checkMutuallyExclusive(map, [other, "run"], scope: scope, into: &diagnostics)
        }
        if !map.contains("run") {
            let script = map["script"]
            if script == nil || NodeChecks.isBlank(script!) {
                scope.error("script", "can't be blank", at: script?.mark ?? job.nameMark, into: &diagnostics)
            }
        }
        for key in ["script", "before_script", "after_script"] {
            if let commands = job.value(key) {
                NodeChecks.checkCommands(commands, scope: scope.child(key), into: &diagnostics)
            }
        }
        if let run = job.value("run") {
            RunStepsValidator.validate(run, scope: scope, into: &diagnostics)
        }
        checkWhen(job, allowed: KeywordLists.jobWhen, into: &diagnostics)
        checkStartIn(job, into: &diagnostics)
        if let dependencies = job.value("dependencies"), !NodeChecks.isArrayOfStrings(dependencies) {
            scope.error("dependencies", "should be an array of strings", at: dependencies.mark, into: &diagnostics)
        }
        if let allowFailure = job.value("allow_failure") {
            checkAllowFailure(allowFailure, scope: scope, into: &diagnostics)
        }
        NodeChecks.checkString(map, "manual_confirmation", scope: scope, into: &diagnostics)
        checkPublish(job, into: &diagnostics)

        var summary: NeedsValidator.Summary?
        if let needs = job.value("needs") {
            summary = NeedsValidator.validate(needs, allowedTypes: ["job", "cross_dependency"],
                                              scope: scope.child("needs"), into: &diagnostics)
            checkNeedsLimit(job, needs: needs, count: summary!.count, into: &diagnostics)
        }
        if let summary, let dependencies = job.value("dependencies"), let names = dependencies.sequence,
           !names.isEmpty, !summary.types.isEmpty {
            if !summary.types.contains("job") && summary.types.contains("cross_dependency") {
                scope.error("needs", "corresponding to dependencies must be from the same pipeline",
                            at: job.map["needs"]!.mark, into: &diagnostics)
            } else {
                let missing = names.compactMap(\.string).filter { !summary.jobNames.contains($0) }
                if !missing.isEmpty {
                    scope.error("dependencies", "the \(missing.joined(separator: ", ")) should be part of needs",
                                at: dependencies.mark, into: &diagnostics)
                }
            }
        }
        validateInheritable(job, into: &diagnostics)

        if let coverage = job.value("coverage") {
            SimpleEntries.coverage(coverage, scope: scope.child("coverage"), into: &diagnostics)
        }
        if let release = job.value("release") {
            ReleaseValidator.validate(release, scope: scope.child("release"), into: &diagnostics)
        }
        if let parallel = job.value("parallel") {
            ParallelValidator.validate(parallel, matrixOnly: false, scope: scope.child("parallel"), into: &diagnostics)
        }
        if let pages = job.value("pages") {
            SimpleEntries.pages(pages, scope: scope.child("pages"), into: &diagnostics)
        }
        if let secrets = job.value("secrets") {
            SimpleEntries.secrets(secrets, scope: scope.child("secrets"), into: &diagnostics)
        }
        if let dast = job.value("dast_configuration") {
            SimpleEntries.dastConfiguration(dast, scope: scope.child("dast_configuration"), into: &diagnostics)
        }
        if let identity = job.value("identity"), identity.string.map(KeywordLists.identities.contains) != true {
            scope.error("identity", "should be one of: " + KeywordLists.identities.joined(separator: ", "),
                        at: identity.mark, into: &diagnostics)
        }
        if let inputs = job.value("inputs"), inputs.mapping == nil {
            scope.error("inputs", "should be a hash", at: inputs.mark, into: &diagnostics)
        }
    }

    /// The keywords a job can also take from `default:`; `DefaultValidator` checks them there.
    private static func validateInheritable(_ job: Context, into diagnostics: inout Diagnostics) {
        let scope = job.scope
        if let image = job.value("image") {
            ImageValidator.validateImage(image, scope: scope.child("image"), into: &diagnostics)
        }
        if let services = job.value("services") {
            ImageValidator.validateServices(services, scope: scope.child("services"), into: &diagnostics)
        }
        if let cache = job.value("cache") {
            CacheValidator.validate(cache, parent: scope, into: &diagnostics)
        }
        if let hooks = job.value("hooks") {
            SimpleEntries.hooks(hooks, scope: scope.child("hooks"), into: &diagnostics)
        }
        if let timeout = job.value("timeout") {
            SimpleEntries.timeout(timeout, scope: scope.child("timeout"), into: &diagnostics)
        }
        if let retry = job.value("retry") {
            RetryValidator.validate(retry, scope: scope.child("retry"), into: &diagnostics)
        }
        if let tags = job.value("tags") {
            SimpleEntries.tags(tags, scope: scope.child("tags"), into: &diagnostics)
        }
        if let artifacts = job.value("artifacts") {
            ArtifactsValidator.validate(artifacts, scope: scope.child("artifacts"), into: &diagnostics)
        }
        if let idTokens = job.value("id_tokens") {
            SimpleEntries.idTokens(idTokens, scope: scope.child("id_tokens"), into: &diagnostics)
        }
    }

    /// `start_in` is required, and at most a week, with `when: delayed`; it has no place otherwise.
    private static func checkStartIn(_ job: Context, into diagnostics: inout Diagnostics) {
        let delayed = job.value("when")?.string == "delayed"
        let startIn = job.value("start_in")
        if delayed {
            if let startIn {
                DurationCheck.check(startIn, attribute: "start_in", scope: job.scope, limit: DurationCheck.oneWeek,
                                    into: &diagnostics)
            } else {
                job.scope.error("start_in", "should be a duration", at: job.map["when"]!.mark, into: &diagnostics)
            }
        }
        if let startIn, !delayed || job.value("rules") != nil {
            job.scope.error("start_in", "must be blank", at: startIn.mark, into: &diagnostics)
        }
    }

    /// `allow_failure: true|false` or `{exit_codes: 1 | [1, 2]}`.
    private static func checkAllowFailure(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        let entry = scope.child("allow_failure")
        if NodeChecks.isBool(node) { return }
        guard let map = node.mapping else {
            entry.config("should be a hash or a boolean value", at: node.mark, into: &diagnostics)
            return
        }
        NodeChecks.checkAllowedKeys(map, ["exit_codes"], scope: entry, into: &diagnostics)
        if let codes = map["exit_codes"], !codes.isNull, !NodeChecks.isArrayOfIntegersOrInteger(codes) {
            entry.error("exit_codes", "should be an array of integers or an integer", at: codes.mark, into: &diagnostics)
        }
    }

    /// `publish:` (deprecated for `pages:publish`) is a string and belongs to Pages jobs.
    private static func checkPublish(_ job: Context, into diagnostics: inout Diagnostics) {
        guard let publish = job.value("publish") else { return }
        if !NodeChecks.isString(publish) {
            job.scope.child("publish").config("should be a string", at: publish.mark, into: &diagnostics)
        }
        let pages = job.map["pages"]
        let isPagesJob = pages.map { !NodeChecks.isBlank($0) } == true
            || (job.name == "pages" && pages?.scalar?.value != .bool(false))
        if !isPagesJob {
            job.scope.error("publish", "can only be used within a `pages` job", at: publish.mark, into: &diagnostics)
        }
    }

    /// GitLab's limit on needs per job (`ci_needs_size_limit`, 50 by default), checked when the pipeline is made.
    private static func checkNeedsLimit(_ job: Context, needs: Node, count: Int, into diagnostics: inout Diagnostics) {
        guard count > KeywordLists.needsLimit else { return }
        diagnostics.error(needs.mark, "\(job.name): one job can only need \(KeywordLists.needsLimit) others, "
                          + "but you have listed \(count). See needs keyword documentation for more details")
    }

    // MARK: Trigger jobs (Entry::Bridge)

    private static func validateTriggerJob(_ job: Context, into diagnostics: inout Diagnostics) {
        let scope = job.scope
        NodeChecks.checkAllowedKeys(job.map, KeywordLists.bridgeKeys, scope: scope, into: &diagnostics)
        if let when = job.value("when"), when.string.map(KeywordLists.bridgeWhen.contains) != true {
            scope.error("when", "should be one of: " + KeywordLists.bridgeWhen.joined(separator: ", "), at: when.mark,
                        into: &diagnostics)
        }
        if let allowFailure = job.value("allow_failure"), !NodeChecks.isBool(allowFailure) {
            scope.error("allow_failure", "should be a boolean value", at: allowFailure.mark, into: &diagnostics)
        }
        let trigger = job.value("trigger")
        if let trigger {
            TriggerValidator.validate(trigger, scope: scope.child("trigger"), into: &diagnostics)
        }
        var bridgeNeeds = 0
        if let needs = job.value("needs") {
            let summary = NeedsValidator.validate(needs, allowedTypes: ["job", "bridge"], scope: scope.child("needs"),
                                                  into: &diagnostics)
            bridgeNeeds = summary.bridgeCount
            checkNeedsLimit(job, needs: needs, count: summary.count, into: &diagnostics)
        }
        if trigger == nil && bridgeNeeds == 0 {
            scope.config("should contain either a trigger or a needs:pipeline", at: job.nameMark, into: &diagnostics)
        }
        if bridgeNeeds > 1 {
            scope.config("should contain at most one bridge need", at: job.map["needs"]!.mark, into: &diagnostics)
        }
        if let parallel = job.value("parallel") {
            ParallelValidator.validate(parallel, matrixOnly: true, scope: scope.child("parallel"), into: &diagnostics)
        }
        if let inputs = job.value("inputs"), inputs.mapping == nil {
            scope.error("inputs", "should be a hash", at: inputs.mark, into: &diagnostics)
        }
    }
}
