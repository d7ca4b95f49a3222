import Foundation
import GantryCrypto
import GantryExecution
import GantryPipeline
import GantryRunnerProtocol
import GantryStore
import GantryYAML

/// The payload of a job handed to a runner: its variables with the job's own predefined ones
/// (CI_JOB_TOKEN, CI_JOB_URL ...) and the dotenv reports of the jobs it gets artifacts from,
/// expanded as GitLab expands them for a runner (references to what only the runner knows, such
/// as `$CI_PROJECT_DIR`, kept for it); its scripts as steps; artifacts, caches and image as
/// written, for the runner to expand in the job's environment; dependencies and where to fetch
/// the commit.
struct JobPayloadBuilder {
    let store: any Store
    let data: DataDirectory
    let baseURL: String
    /// Signs `id_tokens:`; nil gives jobs none.
    let idTokenSigner: (any JWTSigning)?
    /// Where a token that could not be signed is reported (GitLab tracks the error, runs the job).
    let log: ServerLog

    func payload(for row: JobRecord, token: String, pipeline p: ActivePipeline) throws -> JobPayload? {
        guard let planned = p.planned[row.name] else { return nil }
        let config = planned.instance.job
        let project = p.project
        let record = p.record
        let timeout = config["timeout"]?.scalar.flatMap { DurationParser.seconds($0.value.asString) } ?? 3600
        let image = PredefinedVariables.imageName(config)

        // Artifacts of earlier jobs: archives to download, dotenv reports as variables.
        var dependencies: [JobPayload.Dependency] = []
        var dotenv: [(String, String)] = []
        for name in p.plan.artifactSources(of: planned) {
            guard let source = p.rows[name] else { continue }
            for artifact in try store.artifacts(jobID: source.id) {
                switch artifact.fileType {
                case "archive":
                    dependencies.append(.init(id: source.id, name: name, token: token,
                                              artifactsFile: .init(filename: "artifacts.zip", size: artifact.size)))
                case "dotenv":
                    if let text = try? Data(contentsOf: data.root.appendingPathComponent(artifact.path)) {
                        dotenv += (try? DotenvReport.parse(text, file: "dotenv")) ?? []
                    }
                default: break
                }
            }
        }

        let server = URLComponents(string: baseURL)
        let repoURL = Self.withCredentials(baseURL + "/" + project.pathWithNamespace + ".git", user: "gitlab-ci-token", password: token)
        var predefined: [(String, String)] = [
            ("CI_JOB_ID", String(row.id)), ("CI_JOB_TOKEN", token), ("CI_JOB_URL", "\(baseURL)/\(project.pathWithNamespace)/-/jobs/\(row.id)"),
            ("CI_JOB_STARTED_AT", (row.startedAt ?? Date()).formatted(Date.ISO8601FormatStyle())),
            ("CI_JOB_TIMEOUT", String(timeout)),
            ("CI_PIPELINE_ID", String(record.id)), ("CI_PIPELINE_IID", String(record.iid)),
            ("CI_PIPELINE_URL", "\(baseURL)/\(project.pathWithNamespace)/-/pipelines/\(record.id)"),
            ("CI_PIPELINE_CREATED_AT", record.createdAt.formatted(Date.ISO8601FormatStyle())),
            ("CI_REPOSITORY_URL", repoURL), ("CI_REGISTRY_USER", "gitlab-ci-token"), ("CI_REGISTRY_PASSWORD", token),
            ("CI_DEPLOY_USER", ""), ("CI_SERVER_HOST", server?.host ?? "localhost"),
            ("CI_SERVER_PORT", String(server?.port ?? (server?.scheme == "https" ? 443 : 80))),
            ("CI_SERVER_PROTOCOL", server?.scheme ?? "http"), ("CI_SERVER_NAME", "Gantry"),
            ("CI_RUNNER_ID", row.runnerID.map(String.init) ?? ""), ("CI_RUNNER_TAGS", row.tags.joined(separator: ", ")),
        ]
        if let user = record.userID.flatMap({ try? store.user(id: $0) }) {
            predefined += [("GITLAB_USER_ID", String(user.id)), ("GITLAB_USER_LOGIN", user.username),
                           ("GITLAB_USER_NAME", user.name), ("GITLAB_USER_EMAIL", user.email)]
        }
        var variables = p.plan.layers.jobVariables(planned.instance, jobPredefined: predefined, rule: planned.ruleVariables,
                                                   dotenv: dotenv).map { v in
            JobPayload.Variable(key: v.key, value: v.value, public: v.key != "CI_JOB_TOKEN" && v.key != "CI_REGISTRY_PASSWORD",
                                masked: p.maskedKeys.contains(v.key) || v.key == "CI_JOB_TOKEN" || v.key == "CI_REGISTRY_PASSWORD",
                                raw: v.raw)
        }
        variables += idTokenVariables(row, p, planned, predefined: predefined, dotenv: dotenv, timeout: timeout)

        let values = Dictionary(variables.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        dependencies += CrossNeedArtifacts(store: store).dependencies(of: row, needs: planned.crossNeeds, variables: values,
                                                                      token: token)

        var steps = [JobPayload.Step(name: "script", script: Node.strings(config["before_script"]) + Node.strings(config["script"]),
                                     timeout: timeout, when: "on_success", allowFailure: row.allowFailure)]
        let after = Node.strings(config["after_script"])
        if !after.isEmpty {
            steps.append(.init(name: "after_script", script: after, timeout: timeout, when: "always", allowFailure: true))
        }

        let refType = record.tag ? "tag" : "branch"
        let depth = Self.gitDepth(variables)
        return JobPayload(
            id: row.id, token: token,
            jobInfo: .init(id: row.id, name: row.name, stage: row.stage, projectID: project.id, projectName: project.path),
            gitInfo: .init(repoURL: repoURL, ref: record.ref, sha: record.sha, beforeSHA: record.beforeSHA, refType: refType,
                           refspecs: Self.refspecs(ref: record.ref, tag: record.tag, depth: depth), depth: depth),
            runnerInfo: .init(timeout: timeout), variables: variables, steps: steps,
            image: image.map { JobPayload.Image(name: $0) },
            services: (config["services"]?.sequence ?? []).compactMap { ($0.string ?? $0.mapping?["name"]?.string).map { .init(name: $0) } },
            artifacts: artifacts(config), cache: caches(config, sha: record.sha, projectID: project.id),
            dependencies: dependencies)
    }

    /// `artifacts:` as the runner protocol lists them: the archive, then one entry per report.
    private func artifacts(_ config: JobConfig) -> [JobPayload.Artifact]? {
        guard let a = config["artifacts"]?.mapping else { return nil }
        let when = a["when"]?.string ?? "on_success"
        let expireIn = a["expire_in"]?.scalar?.value.asString
        var list: [JobPayload.Artifact] = []
        let paths = Node.strings(a["paths"])
        let untracked = a["untracked"]?.scalar?.value == .bool(true)
        if !paths.isEmpty || untracked {
            list.append(.init(name: a["name"]?.scalar?.value.asString, untracked: untracked, paths: paths,
                              exclude: Node.strings(a["exclude"]), when: when, expireIn: expireIn, artifactType: ArtifactUploadQuery.archiveType,
                              artifactFormat: "zip"))
        }
        for entry in a["reports"]?.mapping?.entries ?? [] {
            let paths = entry.key == "coverage_report" ? Node.strings(entry.value.mapping?["path"]) : Node.strings(entry.value)
            list.append(.init(name: nil, untracked: false, paths: paths, exclude: [], when: "always", expireIn: expireIn,
                              artifactType: entry.key, artifactFormat: "gzip"))
        }
        return list
    }

    /// `cache:` as the runner gets it: a `files:` key hashed on the server, as GitLab does, from
    /// those files as they are in the pipeline's commit; keys, paths and policy otherwise as
    /// written, for the runner to expand with the job's variables (GitLab: "Expansion place:
    /// Runner").
    private func caches(_ config: JobConfig, sha: String, projectID: Int) -> [JobPayload.Cache]? {
        let expand: (String) -> String = { $0 }
        guard let cache = config["cache"] else { return nil }
        let repository = BareRepository(path: data.repository(projectID: projectID))
        return (cache.sequence ?? [cache]).compactMap { node -> JobPayload.Cache? in
            guard let map = node.mapping else { return nil }
            var root = data.temporary
            if let files = map["key"]?.mapping.map({ Node.strings($0["files"]) }), !files.isEmpty {
                root = data.temporary.appendingPathComponent("cache-key-\(UUID().uuidString)")
                for file in files {
                    guard let text = repository.file(file, at: sha) else { continue }
                    let url = root.appendingPathComponent(file)
                    try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try? Data(text.utf8).write(to: url)
                }
            }
            defer { if root != data.temporary { try? FileManager.default.removeItem(at: root) } }
            return .init(key: CacheKey.resolve(map["key"], expand: expand, root: root),
                         untracked: map["untracked"]?.scalar?.value == .bool(true),
                         policy: map["policy"]?.scalar?.value.asString ?? "pull-push",
                         paths: Node.strings(map["paths"]), when: map["when"]?.string ?? "on_success",
                         fallbackKeys: Node.strings(map["fallback_keys"]))
        }
    }

    /// How many commits a runner fetches: the job's `GIT_DEPTH` (0 for all history), else
    /// GitLab's default for a new project's "Git shallow clone" setting. Read as GitLab reads it
    /// (Ruby's `to_i`: leading digits, anything else, even empty, 0: all history); negative counts are 0,
    /// as the runner takes them, and huge ones are capped.
    static let defaultGitDepth = 20

    static func gitDepth(_ variables: [JobPayload.Variable]) -> Int {
        guard let raw = variables.last(where: { $0.key == "GIT_DEPTH" })?.value else { return defaultGitDepth }
        let digits = raw.drop { $0.isWhitespace }.drop { $0 == "+" }.prefix { $0.isASCII && $0.isNumber }
        return min(Int(digits.prefix(7)) ?? 0, 1_000_000)
    }

    /// GitLab's refspecs: the pipeline's own branch or tag when the history is cut short, every
    /// branch and tag otherwise.
    static func refspecs(ref: String, tag: Bool, depth: Int) -> [String] {
        guard depth > 0 else { return ["+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"] }
        return [tag ? "+refs/tags/\(ref):refs/tags/\(ref)" : "+refs/heads/\(ref):refs/remotes/origin/\(ref)"]
    }

    static func withCredentials(_ url: String, user: String, password: String) -> String {
        guard var parts = URLComponents(string: url) else { return url }
        parts.user = user
        parts.password = password
        return parts.string ?? url
    }
}
