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
                guard let v = try store.variables(ownerKind: kind, ownerID: id).first(where: { $0.key == request.params["key"] }) else {
                    throw APIError.notFound("Variable")
                }
                return .json(presenter.variable(v))
            }
            let save: @Sendable (HTTPRequest, Bool) throws -> HTTPResponse = { request, creating in
                let id = try owner(request)
                let params = APIParams(request)
                guard let key = request.params["key"] ?? params["key"] else { throw APIError.missing("key") }
                guard key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), key.count <= 255 else {
                    throw APIError.invalid("key", "can contain only letters, digits and '_'.")
                }
                guard let value = params["value"] else { throw APIError.missing("value") }
                let masked = params.bool("masked") ?? false
                // GitLab's rule: a masked value is one line of at least 8 characters, so it can be found in a log.
                if masked && (value.count < 8 || value.contains("\n")) {
                    throw APIError.invalid("value", "is invalid")
                }
                let scope = params["environment_scope"] ?? "*"
                let existing = try store.variables(ownerKind: kind, ownerID: id).first { $0.key == key && $0.environmentScope == scope }
                if creating && existing != nil { throw APIError.invalid("key", "(\(key)) has already been taken") }
                if !creating && existing == nil { throw APIError.notFound("Variable") }
                let saved = try store.setVariable(CIVariableRecord(ownerKind: kind, ownerID: id, key: key, value: value,
                                                                   variableType: params["variable_type"] ?? "env_var",
                                                                   protected: params.bool("protected") ?? false, masked: masked,
                                                                   raw: params.bool("raw") ?? false, environmentScope: scope))
                return .json(status: creating ? 201 : 200, presenter.variable(saved))
            }
            router.add("POST", base) { try save($0, true) }
            router.add("PUT", base + "/:key") { try save($0, false) }
            router.add("DELETE", base + "/:key") { request in
                let id = try owner(request)
                guard try store.deleteVariable(ownerKind: kind, ownerID: id, key: request.params["key"] ?? "",
                                               environmentScope: APIParams(request)["environment_scope"] ?? "*") else {
                    throw APIError.notFound("Variable")
                }
                return .empty(status: 204)
            }
        }
    }
}
