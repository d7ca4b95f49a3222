import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

/// Project and group CI/CD variables (`/projects/:id/variables`, `/groups/:id/variables`).
extension API {
    func registerVariables(_ router: inout Router) {
        for kind in ["project", "group"] {
            let base = "/api/v4/\(kind)s/:id/variables"
            let owner: @Sendable (HTTPRequest) throws -> Int = { request in
                // GitLab: CI/CD variables are read and changed by Maintainers and Owners only.
                let who = try signedIn(request)
                if kind == "project" { return try project(request, who, atLeast: Role.maintainer).id }
                return try group(request, who, atLeast: Role.maintainer).id
            }
            router.add("GET", base) { request in
                let id = try owner(request)
                return list(request, all: try store.variables(ownerKind: kind, ownerID: id).map { presenter.variable($0) })
            }
            router.add("GET", base + "/:key") { request in
                let id = try owner(request)
                return .json(presenter.variable(try Self.variable(request, in: try store.variables(ownerKind: kind, ownerID: id))))
            }
            // A create takes GitLab's defaults for what it does not name; an update keeps what it
            // does not name (python-gitlab's save() and the CLI's update send only what changed: a
            // masked variable must stay masked).
            let save: @Sendable (HTTPRequest, Bool) throws -> HTTPResponse = { request, creating in
                let id = try owner(request)
                let params = APIParams(request)
                let all = try store.variables(ownerKind: kind, ownerID: id)
                var v: CIVariableRecord
                if creating {
                    guard let key = params["key"] else { throw APIError.missing("key") }
                    guard key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), (1...255).contains(key.count) else {
                        throw APIError.invalid("key", "can contain only letters, digits and '_'.")
                    }
                    guard params["value"] != nil else { throw APIError.missing("value") }
                    v = CIVariableRecord(ownerKind: kind, ownerID: id, key: key, value: "")
                } else {
                    v = try Self.variable(request, in: all)
                }
                let old = v
                if let value = params["value"] { v.value = value }
                if let type = params["variable_type"] {
                    guard ["env_var", "file"].contains(type) else { throw APIError.badRequest("variable_type does not have a valid value") }
                    v.variableType = type
                }
                if let protected = params.bool("protected") { v.protected = protected }
                if let masked = params.bool("masked") { v.masked = masked }
                if let raw = params.bool("raw") { v.raw = raw }
                if let scope = params["environment_scope"] { v.environmentScope = scope }
                if let description = params["description"] {
                    guard description.count <= 255 else { throw APIError.invalid("description", "is too long (maximum is 255 characters)") }
                    v.description = description
                }
                // GitLab's rule: a masked value is one line of at least 8 characters, so it can be found in a log.
                if v.masked && (v.value.count < 8 || v.value.contains("\n")) {
                    throw APIError.invalid("value", "is invalid")
                }
                let moved = creating || v.environmentScope != old.environmentScope
                if moved && all.contains(where: { $0.key == v.key && $0.environmentScope == v.environmentScope }) {
                    throw APIError.invalid("key", "(\(v.key)) has already been taken")
                }
                if moved && !creating {
                    try store.deleteVariable(ownerKind: kind, ownerID: id, key: old.key, environmentScope: old.environmentScope)
                }
                let saved = try store.setVariable(v)
                return .json(status: creating ? 201 : 200, presenter.variable(saved))
            }
            router.add("POST", base) { try save($0, true) }
            router.add("PUT", base + "/:key") { try save($0, false) }
            router.add("DELETE", base + "/:key") { request in
                let id = try owner(request)
                let v = try Self.variable(request, in: try store.variables(ownerKind: kind, ownerID: id))
                try store.deleteVariable(ownerKind: kind, ownerID: id, key: v.key, environmentScope: v.environmentScope)
                return .empty(status: 204)
            }
        }
    }

    /// The variable `:key` names, narrowed by `filter[environment_scope]`: GitLab's 404 when there is
    /// none, and its 409 when the key has several scopes and no filter picks one.
    static func variable(_ request: HTTPRequest, in all: [CIVariableRecord]) throws -> CIVariableRecord {
        let scope = APIParams(request)["filter[environment_scope]"]
        let found = all.filter { $0.key == request.params["key"] && (scope == nil || $0.environmentScope == scope) }
        guard let first = found.first else { throw APIError.notFound("Variable") }
        guard found.count == 1 else {
            throw APIError(409, "There are multiple variables with provided parameters. Please use 'filter[environment_scope]'")
        }
        return first
    }
}
