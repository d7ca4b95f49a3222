import Foundation
import GantryPipeline
import GantryStore

/// Records as GitLab's API entities (`API::Entities::*`): the field names and shapes that
/// python-gitlab and other GitLab tools read.
struct Presenter: Sendable {
    let baseURL: String
    let store: any Store

    static func date(_ d: Date?) -> JSONValue {
        guard let d else { return .null }
        return .string(d.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }

    private func opt(_ v: Int?) -> JSONValue { v.map { .int($0) } ?? .null }
    private func opt(_ v: Double?) -> JSONValue { v.map { .double($0) } ?? .null }
    private func opt(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }

    func user(_ u: UserRecord, full: Bool = false) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .int(u.id)), ("username", .string(u.username)), ("name", .string(u.name)), ("state", .string(u.state)),
            ("locked", .bool(false)), ("avatar_url", .null), ("web_url", .string("\(baseURL)/\(u.username)")),
        ]
        if full {
            fields += [("created_at", Self.date(u.createdAt)), ("email", .string(u.email)), ("is_admin", .bool(u.isAdmin)),
                       ("bot", .bool(u.isBot))]
        }
        return .object(fields)
    }

    func group(_ g: GroupRecord) -> JSONValue {
        .object([
            ("id", .int(g.id)), ("name", .string(g.name)), ("path", .string(g.path)), ("description", .string(g.description)),
            ("visibility", .string(g.visibility)), ("full_name", .string(fullName(g))), ("full_path", .string(g.fullPath)),
            ("parent_id", opt(g.parentID)), ("created_at", Self.date(g.createdAt)), ("web_url", .string("\(baseURL)/groups/\(g.fullPath)")),
            ("avatar_url", .null),
        ])
    }

    private func fullName(_ g: GroupRecord) -> String {
        var names = [g.name]
        var parent = g.parentID
        while let id = parent, let p = try? store.group(id: id) {
            names.insert(p.name, at: 0)
            parent = p.parentID
        }
        return names.joined(separator: " / ")
    }

    func project(_ p: ProjectRecord) -> JSONValue {
        let namespace: JSONValue
        if p.namespaceKind == "group", let g = try? store.group(id: p.namespaceID) {
            namespace = .object([("id", .int(g.id)), ("name", .string(g.name)), ("path", .string(g.path)), ("kind", .string("group")),
                                 ("full_path", .string(g.fullPath)), ("parent_id", opt(g.parentID)),
                                 ("web_url", .string("\(baseURL)/groups/\(g.fullPath)"))])
        } else if let u = try? store.user(id: p.namespaceID) {
            namespace = .object([("id", .int(u.id)), ("name", .string(u.name)), ("path", .string(u.username)), ("kind", .string("user")),
                                 ("full_path", .string(u.username)), ("parent_id", .null), ("web_url", .string("\(baseURL)/\(u.username)"))])
        } else {
            namespace = .null
        }
        let nameWithNamespace = p.pathWithNamespace.split(separator: "/").dropLast().map(String.init).joined(separator: " / ")
        return .object([
            ("id", .int(p.id)), ("description", .string(p.description)), ("name", .string(p.name)),
            ("name_with_namespace", .string(nameWithNamespace.isEmpty ? p.name : nameWithNamespace + " / " + p.name)),
            ("path", .string(p.path)), ("path_with_namespace", .string(p.pathWithNamespace)),
            ("created_at", Self.date(p.createdAt)), ("default_branch", .string(p.defaultBranch)),
            ("visibility", .string(p.visibility)),
            ("http_url_to_repo", .string("\(baseURL)/\(p.pathWithNamespace).git")),
            ("web_url", .string("\(baseURL)/\(p.pathWithNamespace)")),
            ("ssh_url_to_repo", .null), ("readme_url", .null), ("avatar_url", .null), ("topics", .array([])),
            ("last_activity_at", Self.date(p.lastActivityAt)), ("namespace", namespace), ("creator_id", .int(p.creatorID)),
            ("jobs_enabled", .bool(true)), ("archived", .bool(false)), ("empty_repo", .bool(false)),
        ])
    }

    func pipeline(_ p: PipelineRecord, project: ProjectRecord, full: Bool) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .int(p.id)), ("iid", .int(p.iid)), ("project_id", .int(p.projectID)), ("sha", .string(p.sha)),
            ("ref", .string(p.ref)), ("status", .string(p.status.rawValue)), ("source", .string(p.source)),
            ("created_at", Self.date(p.createdAt)), ("updated_at", Self.date(p.updatedAt)),
            ("web_url", .string("\(baseURL)/\(project.pathWithNamespace)/-/pipelines/\(p.id)")),
        ]
        if full {
            let user = p.userID.flatMap { try? store.user(id: $0) }
            fields += [
                ("before_sha", .string(p.beforeSHA)), ("tag", .bool(p.tag)), ("yaml_errors", opt(p.yamlErrors)),
                ("warnings", .array(p.warnings.map(JSONValue.string))),
                ("user", user.map { self.user($0) } ?? .null), ("started_at", Self.date(p.startedAt)),
                ("finished_at", Self.date(p.finishedAt)), ("committed_at", .null),
                ("duration", opt(p.duration.map { Int($0) })), ("queued_duration", .null),
                ("coverage", opt(p.coverage.map { String(format: "%.2f", $0) })),
                ("detailed_status", .object([("text", .string(p.status.rawValue)), ("label", .string(p.status.rawValue)),
                                             ("group", .string(p.status.rawValue)), ("icon", .string("status_\(p.status.rawValue)"))])),
            ]
        }
        return .object(fields)
    }

    func job(_ j: JobRecord, pipeline: PipelineRecord?, project: ProjectRecord?, artifacts: [JobArtifactRecord]) -> JSONValue {
        let runner = j.runnerID.flatMap { try? store.runner(id: $0) }
        let projectPath = project?.pathWithNamespace ?? ""
        var fields: [(String, JSONValue)] = [
            ("id", .int(j.id)), ("status", .string(j.status.rawValue)), ("stage", .string(j.stage)), ("name", .string(j.name)),
            ("ref", opt(pipeline?.ref)), ("tag", .bool(pipeline?.tag ?? false)), ("coverage", opt(j.coverage)),
            ("allow_failure", .bool(j.allowFailure)), ("created_at", Self.date(j.createdAt)),
            ("started_at", Self.date(j.startedAt)), ("finished_at", Self.date(j.finishedAt)),
            ("erased_at", .null), ("duration", opt(j.duration)),
            ("queued_duration", opt(j.queuedAt.map { (j.startedAt ?? Date()).timeIntervalSince($0) })),
            ("failure_reason", opt(j.failureReason)), ("retried", .bool(j.retried)),
            ("when", .string(j.when)), ("tag_list", .array(j.tags.map { .string($0) })),
            ("web_url", .string("\(baseURL)/\(projectPath)/-/jobs/\(j.id)")),
            ("project", .object([("ci_job_token_scope_enabled", .bool(false))])),
        ]
        if let pipeline, let project {
            fields.append(("pipeline", .object([("id", .int(pipeline.id)), ("iid", .int(pipeline.iid)), ("project_id", .int(project.id)),
                                                ("sha", .string(pipeline.sha)), ("ref", .string(pipeline.ref)),
                                                ("status", .string(pipeline.status.rawValue)), ("source", .string(pipeline.source))])))
            fields.append(("commit", .object([("id", .string(pipeline.sha)), ("short_id", .string(String(pipeline.sha.prefix(8))))])))
        }
        fields.append(("runner", runner.map { r in
            .object([("id", .int(r.id)), ("description", .string(r.description)), ("active", .bool(r.active)),
                     ("is_shared", .bool(true)), ("name", .string("gantry-runner"))])
        } ?? .null))
        let archive = artifacts.first { $0.fileType == "archive" }
        fields.append(("artifacts_file", archive.map { .object([("filename", .string("artifacts.zip")), ("size", .int($0.size))]) } ?? .null))
        fields.append(("artifacts", .array(artifacts.map { a in
            .object([("file_type", .string(a.fileType)), ("size", .int(a.size)),
                     ("filename", .string(URL(fileURLWithPath: a.path).lastPathComponent)), ("file_format", .string(a.fileFormat))])
        })))
        fields.append(("artifacts_expire_at", Self.date(archive?.expireAt)))
        return .object(fields)
    }

    func runner(_ r: RunnerRecord) -> JSONValue {
        .object([("id", .int(r.id)), ("description", .string(r.description)), ("active", .bool(r.active)),
                 ("paused", .bool(!r.active)), ("is_shared", .bool(true)), ("runner_type", .string("instance_type")),
                 ("name", .string("gantry-runner")), ("online", .bool((r.contactedAt ?? .distantPast).timeIntervalSinceNow > -120)),
                 ("status", .string((r.contactedAt ?? .distantPast).timeIntervalSinceNow > -120 ? "online" : "offline")),
                 ("tag_list", .array(r.tags.map { .string($0) })), ("run_untagged", .bool(r.runUntagged)),
                 ("contacted_at", Self.date(r.contactedAt))])
    }

    func variable(_ v: CIVariableRecord) -> JSONValue {
        .object([("key", .string(v.key)), ("value", .string(v.value)), ("variable_type", .string(v.variableType)),
                 ("protected", .bool(v.protected)), ("masked", .bool(v.masked)), ("raw", .bool(v.raw)),
                 ("environment_scope", .string(v.environmentScope))])
    }
}
