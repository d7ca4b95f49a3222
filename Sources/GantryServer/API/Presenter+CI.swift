import Foundation
import GantryPipeline
import GantryStore

/// Pipelines and jobs as GitLab's `Ci::PipelineBasic`/`Ci::Pipeline` and `Ci::Job` entities.
extension Presenter {
    func pipeline(_ p: PipelineRecord, project: ProjectRecord, full: Bool) -> JSONValue {
        let page = "/\(project.pathWithNamespace)/-/pipelines/\(p.id)"
        var fields: [(String, JSONValue)] = [
            ("id", .int(p.id)), ("iid", .int(p.iid)), ("project_id", .int(p.projectID)), ("sha", .string(p.sha)),
            ("ref", .string(p.ref)), ("status", .string(p.status.rawValue)), ("source", .string(p.source)),
            ("created_at", Self.date(p.createdAt)), ("updated_at", Self.date(p.updatedAt)),
            ("web_url", .string(baseURL + page)), ("name", p.name.map { .string($0) } ?? .null),
        ]
        guard full else { return .object(fields) }
        let user = p.userID.flatMap { try? store.user(id: $0) }
        let commit = CommitCache(data: data).commit(project: project.id, sha: p.sha)
        let jobs = (try? store.jobs(pipelineID: p.id, includeRetried: false)) ?? []
        fields += [
            ("before_sha", .string(p.beforeSHA)), ("tag", .bool(p.tag)), ("yaml_errors", p.yamlErrors.map { .string($0) } ?? .null),
            ("warnings", .array(p.warnings.map(JSONValue.string))),
            ("user", user.map { self.user($0) } ?? .null), ("started_at", Self.date(p.startedAt)),
            ("finished_at", Self.date(p.finishedAt)), ("committed_at", commit.map { .string($0.committedDate) } ?? .null),
            ("duration", PipelineDuration.shown(p, jobs: jobs).map { .int(Int($0.rounded())) } ?? .null),
            ("queued_duration", PipelineDuration.queued(p).map { .double($0) } ?? .null),
            ("coverage", p.coverage.map { .string(String(format: "%.2f", $0)) } ?? .null),
            ("detailed_status", DetailedStatus(pipeline: p, jobs: jobs).json(detailsPath: page)),
            ("archived", .bool(false)),
        ]
        return .object(fields)
    }

    /// `commits`: the commits already read for this answer, by sha (a list of jobs reads each once).
    func job(_ j: JobRecord, pipeline: PipelineRecord?, project: ProjectRecord?, artifacts: [JobArtifactRecord],
             commits: CommitCache? = nil) -> JSONValue {
        let runner = j.runnerID.flatMap { try? store.runner(id: $0) }
        let projectPath = project?.pathWithNamespace ?? ""
        let page = "/\(projectPath)/-/jobs/\(j.id)"
        let user = pipeline?.userID.flatMap { try? store.user(id: $0) }
        var fields: [(String, JSONValue)] = [
            ("id", .int(j.id)), ("status", .string(j.status.rawValue)), ("stage", .string(j.stage)), ("name", .string(j.name)),
            ("ref", pipeline.map { .string($0.ref) } ?? .null), ("tag", .bool(pipeline?.tag ?? false)),
            ("coverage", j.coverage.map { .double($0) } ?? .null),
            ("allow_failure", .bool(j.allowFailure)), ("created_at", Self.date(j.createdAt)),
            ("started_at", Self.date(j.startedAt)), ("finished_at", Self.date(j.finishedAt)),
            ("erased_at", Self.date(j.erasedAt)), ("duration", j.duration.map { .double($0) } ?? .null),
            ("queued_duration", j.queuedAt.map { .double(max(0, (j.startedAt ?? Date()).timeIntervalSince($0))) } ?? .null),
            ("failure_reason", j.failureReason.map { .string($0) } ?? .null), ("retried", .bool(j.retried)),
            ("when", .string(j.when)), ("tag_list", .array(j.tags.sorted().map { .string($0) })),
            ("user", user.map { self.user($0) } ?? .null),
            ("web_url", .string(baseURL + page)),
            ("detailed_status", DetailedStatus(j.status.rawValue, pipeline: false).json(detailsPath: page)),
            ("project", .object([("ci_job_token_scope_enabled", .bool(false))])),
            ("archived", .bool(false)),
        ]
        if let pipeline, let project {
            fields.append(("pipeline", .object([("id", .int(pipeline.id)), ("iid", .int(pipeline.iid)), ("project_id", .int(project.id)),
                                                ("sha", .string(pipeline.sha)), ("ref", .string(pipeline.ref)),
                                                ("status", .string(pipeline.status.rawValue)), ("source", .string(pipeline.source)),
                                                ("created_at", Self.date(pipeline.createdAt)), ("updated_at", Self.date(pipeline.updatedAt)),
                                                ("web_url", .string("\(baseURL)/\(projectPath)/-/pipelines/\(pipeline.id)"))])))
            let cache = commits ?? CommitCache(data: data)
            let webURL = "\(baseURL)/\(projectPath)/-/commit/\(pipeline.sha)"
            fields.append(("commit", cache.commit(project: project.id, sha: pipeline.sha)?.json(webURL: webURL)
                           ?? .object([("id", .string(pipeline.sha)), ("short_id", .string(String(pipeline.sha.prefix(8)))),
                                       ("web_url", .string(webURL))])))
        }
        fields.append(("runner", runner.map { self.runner($0) } ?? .null))
        // GitLab leaves `artifacts_file` out when there is no archive (gitlab-trace tests for the key).
        let archive = artifacts.first { $0.fileType == "archive" }
        if let archive {
            fields.append(("artifacts_file", .object([("filename", .string("artifacts.zip")), ("size", .int(archive.size))])))
        }
        fields.append(("artifacts", .array(artifacts.map { a in
            .object([("file_type", .string(a.fileType)), ("size", .int(a.size)),
                     ("filename", .string(URL(fileURLWithPath: a.path).lastPathComponent)), ("file_format", .string(a.fileFormat))])
        })))
        fields.append(("artifacts_expire_at", Self.date(archive?.expireAt)))
        return .object(fields)
    }
}

/// Commits read once per answer: a page of jobs of one pipeline shares one commit.
final class CommitCache {
    let data: DataDirectory
    private var read: [String: RepositoryReader.Commit?] = [:]

    init(data: DataDirectory) { self.data = data }

    func commit(project: Int, sha: String) -> RepositoryReader.Commit? {
        let key = "\(project):\(sha)"
        if let known = read[key] { return known }
        // Only a full id reaches git; nil when the commit is gone (pushed over, repository deleted).
        let found = GitNames.isFullSHA(sha) ? RepositoryReader(path: data.repository(projectID: project)).commit(sha) : nil
        read[key] = found
        return found
    }
}
