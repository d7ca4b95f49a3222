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
                let existing = creating ? nil : try Self.variable(request, in: try store.variables(ownerKind: kind, ownerID: id))
                let change = VariableEditor.Change(key: params["key"], value: params["value"], variableType: params["variable_type"],
                                                   protected: params.bool("protected"), masked: params.bool("masked"),
                                                   raw: params.bool("raw"), environmentScope: params["environment_scope"],
                                                   description: params["description"])
                let saved = try VariableEditor(store: store, kind: kind, ownerID: id).save(change, to: existing)
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
