import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

/// The CI/CD job token's inbound allowlist (`/projects/:id/job_token_scope`): which projects'
/// (and groups' projects') job tokens may reach this project. On by default, as in GitLab; a
/// project's own job tokens always reach it. Maintainers manage it.
extension API {
    func registerJobTokenScope(_ router: inout Router) {
        let base = "/api/v4/projects/:id/job_token_scope"
        router.add("GET", base) { request in
            let project = try project(request, try signedIn(request), atLeast: Role.maintainer)
            return .json(.object([("inbound_enabled", .bool(try store.jobTokenScopeEnabled(projectID: project.id))),
                                  ("outbound_enabled", .bool(false))]))
        }
        router.add("PATCH", base) { request in
            let project = try project(request, try signedIn(request), atLeast: Role.maintainer)
            guard let enabled = APIParams(request).bool("enabled") else { throw APIError.missing("enabled") }
            try store.setJobTokenScopeEnabled(projectID: project.id, enabled)
            return .empty(status: 204)
        }
        router.add("GET", base + "/allowlist") { request in
            let project = try project(request, try signedIn(request), atLeast: Role.maintainer)
            let projects = try store.jobTokenAllowlist(projectID: project.id, targetKind: "project").compactMap { try store.project(id: $0) }
            return list(request, all: projects.map { presenter.project($0) })
        }
        router.add("POST", base + "/allowlist") { request in
            let who = try signedIn(request)
            let project = try project(request, who, atLeast: Role.maintainer)
            guard let targetID = APIParams(request).int("target_project_id") else { throw APIError.missing("target_project_id") }
            guard let target = try store.project(id: targetID), access.canRead(target, who) else { throw APIError.notFound("Project") }
            try addEntry(project, "project", target.id)
            return .json(status: 201, .object([("source_project_id", .int(project.id)), ("target_project_id", .int(target.id))]))
        }
        router.add("DELETE", base + "/allowlist/:target_project_id") { request in
            let project = try project(request, try signedIn(request), atLeast: Role.maintainer)
            guard try store.removeJobTokenAllowlistEntry(projectID: project.id, targetKind: "project",
                                                         targetID: Int(request.params["target_project_id"] ?? "") ?? 0) else {
                throw APIError.notFound("")
            }
            return .empty(status: 204)
        }
        router.add("GET", base + "/groups_allowlist") { request in
            let project = try project(request, try signedIn(request), atLeast: Role.maintainer)
            let groups = try store.jobTokenAllowlist(projectID: project.id, targetKind: "group").compactMap { try store.group(id: $0) }
            return list(request, all: groups.map { presenter.group($0) })
        }
        router.add("POST", base + "/groups_allowlist") { request in
            let who = try signedIn(request)
            let project = try project(request, who, atLeast: Role.maintainer)
            guard let targetID = APIParams(request).int("target_group_id") else { throw APIError.missing("target_group_id") }
            guard let target = try store.group(id: targetID), access.canRead(target, who) else { throw APIError.notFound("Group") }
            try addEntry(project, "group", target.id)
            return .json(status: 201, .object([("source_project_id", .int(project.id)), ("target_group_id", .int(target.id))]))
        }
        router.add("DELETE", base + "/groups_allowlist/:target_group_id") { request in
            let project = try project(request, try signedIn(request), atLeast: Role.maintainer)
            guard try store.removeJobTokenAllowlistEntry(projectID: project.id, targetKind: "group",
                                                         targetID: Int(request.params["target_group_id"] ?? "") ?? 0) else {
                throw APIError.notFound("")
            }
            return .empty(status: 204)
        }
    }

    private func addEntry(_ project: ProjectRecord, _ kind: String, _ id: Int) throws {
        do {
            try store.addJobTokenAllowlistEntry(projectID: project.id, targetKind: kind, targetID: id, at: Date())
        } catch StoreError.conflict {
            throw APIError(422, "Target \(kind) is already in the job token scope")
        }
    }
}
