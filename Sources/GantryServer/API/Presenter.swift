import Foundation
import GantryPipeline
import GantryStore

/// Records as GitLab's API entities (`API::Entities::*`): the field names and shapes that
/// python-gitlab and other GitLab tools read.
struct Presenter: Sendable {
    let baseURL: String
    let store: any Store
    let data: DataDirectory

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

    func namespace(group g: GroupRecord) -> JSONValue {
        .object([("id", .int(g.id)), ("name", .string(g.name)), ("path", .string(g.path)), ("kind", .string("group")),
                 ("full_path", .string(g.fullPath)), ("parent_id", opt(g.parentID)), ("avatar_url", .null),
                 ("web_url", .string("\(baseURL)/groups/\(g.fullPath)"))])
    }

    func namespace(user u: UserRecord) -> JSONValue {
        .object([("id", .int(u.id)), ("name", .string(u.name)), ("path", .string(u.username)), ("kind", .string("user")),
                 ("full_path", .string(u.username)), ("parent_id", .null), ("avatar_url", .null),
                 ("web_url", .string("\(baseURL)/\(u.username)"))])
    }

    /// `extra`: what only some answers carry (`permissions`, `statistics`).
    func project(_ p: ProjectRecord, extra: [(String, JSONValue)] = []) -> JSONValue {
        let namespace: JSONValue
        if p.namespaceKind == "group", let g = try? store.group(id: p.namespaceID) {
            namespace = self.namespace(group: g)
        } else if let u = try? store.user(id: p.namespaceID) {
            namespace = self.namespace(user: u)
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
            ("owner", p.namespaceKind == "user" ? (try? store.user(id: p.namespaceID)).flatMap { $0 }.map { user($0) } ?? .null : .null),
            ("ci_config_path", .string(".gitlab-ci.yml")), ("_links", links(p)),
            // What Gantry has (jobs, packages) is on; GitLab features it has not are off.
            ("builds_access_level", .string("enabled")), ("packages_enabled", .bool(true)),
            ("issues_enabled", .bool(false)), ("merge_requests_enabled", .bool(false)), ("wiki_enabled", .bool(false)),
            ("snippets_enabled", .bool(false)), ("container_registry_enabled", .bool(false)),
            ("shared_runners_enabled", .bool(true)), ("public_jobs", .bool(true)),
        ] + extra)
    }

    private func links(_ p: ProjectRecord) -> JSONValue {
        let api = "\(baseURL)/api/v4/projects/\(p.id)"
        return .object([("self", .string(api)), ("issues", .string(api + "/issues")), ("merge_requests", .string(api + "/merge_requests")),
                        ("repo_branches", .string(api + "/repository/branches")), ("labels", .string(api + "/labels")),
                        ("events", .string(api + "/events")), ("members", .string(api + "/members")),
                        ("cluster_agents", .string(api + "/cluster_agents"))])
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
                 ("hidden", .bool(false)), ("environment_scope", .string(v.environmentScope)),
                 ("description", v.description.map { .string($0) } ?? .null)])
    }
}
