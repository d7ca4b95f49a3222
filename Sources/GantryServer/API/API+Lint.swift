import Foundation
import GantryHTTP
import GantryLint
import GantryPipeline
import GantryStore

/// CI lint: `POST /ci/lint` (no project: local includes find nothing) and `GET/POST
/// /projects/:id/ci/lint`, answering with `gantry lint`'s errors and warnings (the loader with
/// GantryLint's checks, as the CLI runs it) in GitLab's `Ci::Lint::Result` shape. `dry_run` plans
/// the pipeline for `ref` as the server would create it (CI/CD variables, rules, workflow).
extension API {
    func registerLint(_ router: inout Router) {
        router.add("POST", "/api/v4/ci/lint") { request in
            let who = try signedIn(request)
            let params = APIParams(request)
            guard let content = params["content"] else { throw Self.invalidParameter("content", "is missing") }
            let result = lint(content, project: nil, commit: nil, dryRun: nil, userID: who.user?.id)
            // The old global endpoint answered `status` ("valid"/"invalid"); python-gitlab reads it.
            var fields: [(String, JSONValue)] = [("status", .string(result.valid ? "valid" : "invalid"))]
            fields += result.fields(mergedYAML: params.bool("include_merged_yaml") == true, jobs: params.bool("include_jobs") == true)
            return .json(.object(fields))
        }
        router.add("POST", "/api/v4/projects/:id/ci/lint") { request in
            let who = try signedIn(request)
            let project = try project(request, who, atLeast: Role.developer)
            let params = APIParams(request)
            guard let content = params["content"] else { throw Self.invalidParameter("content", "is missing") }
            let ref = params["ref"].flatMap { $0.isEmpty ? nil : $0 } ?? project.defaultBranch
            let commit = reader(project).resolve(ref)
            let dryRun = params.bool("dry_run") == true
            // A simulated pipeline needs its ref, as creating one does.
            let result = dryRun && commit == nil ? LintResult(valid: false, errors: ["Reference not found"])
                : lint(content, project: project, commit: commit, dryRun: dryRun ? ref : nil, userID: who.user?.id)
            return .json(.object(result.fields(mergedYAML: true, jobs: params.bool("include_jobs") == true)))
        }
        router.add("GET", "/api/v4/projects/:id/ci/lint") { request in
            let (project, who) = try codeProject(request)
            let params = APIParams(request)
            let reader = reader(project)
            guard !reader.refs("heads").isEmpty else { throw APIError.notFound("Repository") }
            let contentRef = params["content_ref"] ?? params["sha"] ?? project.defaultBranch
            let sha = try commit(reader, contentRef, or: "Commit")
            let dryRunRef = params["dry_run_ref"] ?? params["ref"] ?? project.defaultBranch
            let content = BareRepository(path: data.repository(projectID: project.id)).file(".gitlab-ci.yml", at: sha)
            let result = content.map { lint($0, project: project, commit: sha, dryRun: params.bool("dry_run") == true ? dryRunRef : nil,
                                                 userID: who.user?.id) }
                ?? LintResult(valid: false, errors: ["Please provide content of .gitlab-ci.yml"])
            return .json(.object(result.fields(mergedYAML: true, jobs: params.bool("include_jobs") == true)))
        }
    }

    struct LintResult {
        var valid: Bool
        var errors: [String]
        var warnings: [String] = []
        var config: PipelineConfig?
        var includes: [JSONValue] = []
        /// The jobs a dry run would create, by name; nil: every job of the configuration.
        var planned: Set<String>?

        func fields(mergedYAML: Bool, jobs: Bool) -> [(String, JSONValue)] {
            var out: [(String, JSONValue)] = [("valid", .bool(valid)), ("errors", .array(errors.map(JSONValue.string))),
                                              ("warnings", .array(warnings.map(JSONValue.string)))]
            if mergedYAML { out.append(("merged_yaml", config.map { .string(Self.merged($0)) } ?? .null)) }
            out.append(("includes", .array(includes)))
            if jobs { out.append(("jobs", .array(config.map(jobList) ?? []))) }
            return out
        }

        /// The merged configuration with jobs at the top level, as GitLab's `merged_yaml`; written
        /// as JSON, which every YAML reader reads.
        private static func merged(_ config: PipelineConfig) -> String {
            guard case .object(let all) = ConfigJSON.render(config) else { return "" }
            var top: [(String, JSONValue)] = []
            for (key, value) in all {
                switch (key, value) {
                case ("jobs", .object(let jobs)): top += jobs
                case (_, .null): continue
                case ("variables", .object(let v)) where v.isEmpty: continue
                default: top.append((key, value))
                }
            }
            return JSONValue.object(top).serialized(pretty: true) + "\n"
        }

        /// GitLab's lint job entries: scripts, tags, when, allow_failure, needs, environment.
        private func jobList(_ config: PipelineConfig) -> [JSONValue] {
            config.jobs.filter { planned == nil || planned!.contains($0.name) }.map { job in
                let node = { (key: String) -> JSONValue in job.node.mapping?[key].map(JSONValue.init) ?? .null }
                let lines = { (key: String) -> JSONValue in
                    .array(job.node.mapping?[key]?.flattenedSequence().map(JSONValue.init) ?? [])
                }
                let environment: JSONValue
                switch node("environment") {
                case .object(let e): environment = e.first { $0.0 == "name" }?.1 ?? .null
                case let other: environment = other
                }
                return .object([
                    ("name", .string(job.name)), ("stage", .string(job.stage)), ("before_script", lines("before_script")),
                    ("script", lines("script")), ("after_script", lines("after_script")), ("tag_list", lines("tags")),
                    ("only", node("only")), ("except", node("except")), ("environment", environment), ("when", .string(job.when)),
                    ("allow_failure", .bool(job.allowFailure ?? false)),
                    ("needs", job.needs.map { .array($0.map { .object([("name", .string($0.job))]) }) } ?? .null),
                ])
            }
        }
    }

    /// `content` loaded as `gantry lint` loads it; with `dryRun` (a ref) also planned for that ref.
    /// Other projects' files are included as the user asking could read them.
    func lint(_ content: String, project: ProjectRecord?, commit: String?, dryRun ref: String?, userID: Int?) -> LintResult {
        let fetcher = includes.fetcher(userID: userID)
        var base: CommitSource?
        if let project, let commit { base = CommitSource(repository: BareRepository(path: data.repository(projectID: project.id)), sha: commit) }
        let source = LintSource(base)
        var result: LintResult
        if let project, let ref, let sha = commit {
            let tag = reader(project).branch(ref) == nil && reader(project).tag(ref) != nil
            guard let (context, _) = try? CommitPlanner(store: store, data: data, baseURL: baseURL, includes: includes)
                .context(project: project, ref: ref, tag: tag, sha: sha, source: "push", variables: []) else {
                return LintResult(valid: false, errors: ["cannot read the CI/CD variables of \(project.pathWithNamespace)"])
            }
            let (outcome, diagnostics) = PipelineBuild.plan(text: content, file: ".gitlab-ci.yml", source: source, context: context,
                                                            checks: PipelineLint.checks, fetcher: fetcher)
            result = Self.result(diagnostics)
            switch outcome {
            case .planned(let plan):
                result.config = plan.config
                result.planned = Set(plan.jobs.map(\.instance.job.name))
            case .invalid(let errors): result.valid = false; result.errors = Self.unique(result.errors + errors)
            case .noPipeline(let reason): result.valid = false; result.errors.append(reason)
            }
        } else {
            let loaded = ConfigLoader(source: source, variables: lintVariables(project), checks: PipelineLint.checks, fetcher: fetcher)
                .load(text: content, file: ".gitlab-ci.yml")
            result = Self.result(loaded.diagnostics)
            result.valid = loaded.isValid
            result.config = loaded.isValid ? loaded.config : nil
        }
        if let project, let commit {
            let projectURL = "\(baseURL)/\(project.pathWithNamespace)"
            result.includes = source.included.map { path in
                .object([("type", .string("local")), ("location", .string(path)),
                         ("blob", .string("\(projectURL)/-/blob/\(commit)/\(path)")), ("raw", .string("\(projectURL)/-/raw/\(commit)/\(path)")),
                         ("extra", .object([])), ("context_project", .string(project.pathWithNamespace)), ("context_sha", .string(commit))])
            }
        }
        return result
    }

    private static func result(_ diagnostics: Diagnostics) -> LintResult {
        LintResult(valid: !diagnostics.hasErrors, errors: unique(diagnostics.errors.map(\.description)),
                   warnings: unique(diagnostics.warnings.map { "\($0.mark): \($0.message)" }))
    }

    private static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }
}

extension API {
    /// What `include:` sees in a lint without a dry run: the predefined variables of a pipeline on
    /// the project's default branch (CI_SERVER_FQDN for component addresses among them).
    func lintVariables(_ project: ProjectRecord?) -> [String: String] {
        PredefinedVariables.forIncludes(PlanContext(ref: project?.defaultBranch ?? "main", defaultBranch: project?.defaultBranch ?? "main",
                                                    projectPath: project?.pathWithNamespace ?? "", projectID: project?.id ?? 0,
                                                    serverURL: baseURL))
    }
}
