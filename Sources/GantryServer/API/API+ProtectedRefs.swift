import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

/// `/projects/:id/protected_branches` and `/projects/:id/protected_tags`, with GitLab's entities
/// (access levels as lists of `{access_level, access_level_description}`). Maintainers manage
/// them; any member who can read the project lists them.
extension API {
    func registerProtectedRefs(_ router: inout Router) {
        for (kind, plural) in [("branch", "protected_branches"), ("tag", "protected_tags")] {
            let base = "/api/v4/projects/:id/\(plural)"
            let present: @Sendable (ProtectedRefRecord) -> JSONValue = { presentProtected($0) }
            router.add("GET", base) { request in
                let project = try project(request, try principal(request), atLeast: Role.guest)
                return list(request, all: try store.protectedRefs(projectID: project.id, kind: kind).map(present))
            }
            router.add("GET", base + "/:name") { request in
                let project = try project(request, try principal(request), atLeast: Role.guest)
                return .json(present(try protectedRef(request, project, kind)))
            }
            router.add("POST", base) { request in
                let project = try project(request, try signedIn(request), atLeast: Role.maintainer)
                let params = APIParams(request)
                guard let name = params["name"], !name.isEmpty else { throw APIError.missing("name") }
                // No git ref has control characters; the push hook's policy is one line per rule.
                guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                    throw APIError.badRequest("name is invalid")
                }
                if try store.protectedRefs(projectID: project.id, kind: kind).contains(where: { $0.name == name }) {
                    throw APIError(409, "Protected \(kind) '\(name)' already exists")
                }
                let push = try level(params, kind == "tag" ? "create_access_level" : "push_access_level")
                let created = try store.createProtectedRef(ProtectedRefRecord(
                    projectID: project.id, kind: kind, name: name, pushAccessLevel: push,
                    mergeAccessLevel: kind == "tag" ? 0 : try level(params, "merge_access_level"),
                    allowForcePush: kind == "branch" && params.bool("allow_force_push") == true))
                return .json(status: 201, present(created))
            }
            router.add("PATCH", base + "/:name") { request in
                let project = try project(request, try signedIn(request), atLeast: Role.maintainer)
                var ref = try protectedRef(request, project, kind)
                let params = APIParams(request)
                if let force = params.bool("allow_force_push"), kind == "branch" { ref.allowForcePush = force }
                if params["push_access_level"] != nil || params["create_access_level"] != nil {
                    ref.pushAccessLevel = try level(params, kind == "tag" ? "create_access_level" : "push_access_level")
                }
                if params["merge_access_level"] != nil { ref.mergeAccessLevel = try level(params, "merge_access_level") }
                try store.updateProtectedRef(ref)
                return .json(present(ref))
            }
            router.add("DELETE", base + "/:name") { request in
                let project = try project(request, try signedIn(request), atLeast: Role.maintainer)
                try store.deleteProtectedRef(id: try protectedRef(request, project, kind).id)
                return .empty(status: 204)
            }
        }
    }

    private func protectedRef(_ request: HTTPRequest, _ project: ProjectRecord, _ kind: String) throws -> ProtectedRefRecord {
        let name = request.params["name"] ?? ""
        guard let ref = try store.protectedRefs(projectID: project.id, kind: kind).first(where: { $0.name == name }) else {
            throw APIError.notFound(kind == "tag" ? "Protected tag" : "Protected Branch")
        }
        return ref
    }

    /// An access level parameter: 0 (no one), 30 (Developers + Maintainers), 40 (Maintainers, the default), 60 (admins).
    private func level(_ params: APIParams, _ name: String) throws -> Int {
        guard let raw = params[name] else { return Role.maintainer }
        guard let level = Int(raw), [0, Role.developer, Role.maintainer, Role.admin].contains(level) else {
            throw APIError(400, "\(name) does not have a valid value")
        }
        return level
    }

    static func levelDescription(_ level: Int) -> String {
        switch level {
        case 0: "No one"
        case Role.developer: "Developers + Maintainers"
        case Role.maintainer: "Maintainers"
        case Role.admin: "Administrators"
        default: Role.name(level)
        }
    }

    private func presentProtected(_ r: ProtectedRefRecord) -> JSONValue {
        let levels: (Int) -> JSONValue = { level in
            .array([.object([("id", .int(r.id)), ("access_level", .int(level)),
                             ("access_level_description", .string(Self.levelDescription(level))), ("deploy_key_id", .null),
                             ("user_id", .null), ("group_id", .null)])])
        }
        if r.kind == "tag" {
            return .object([("id", .int(r.id)), ("name", .string(r.name)), ("create_access_levels", levels(r.pushAccessLevel))])
        }
        return .object([("id", .int(r.id)), ("name", .string(r.name)), ("push_access_levels", levels(r.pushAccessLevel)),
                        ("merge_access_levels", levels(r.mergeAccessLevel)), ("unprotect_access_levels", .array([])),
                        ("allow_force_push", .bool(r.allowForcePush)), ("code_owner_approval_required", .bool(false)),
                        ("inherited", .bool(false))])
    }
}
