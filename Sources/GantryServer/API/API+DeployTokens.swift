import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

/// Deploy tokens of projects and groups (`/projects/:id/deploy_tokens`, `/groups/:id/deploy_tokens`):
/// a username (`gitlab+deploy-token-N` unless given) and a secret for git (read_repository) and
/// the package registry (read_package_registry, write_package_registry), as pip, twine and git
/// use them with basic auth. Maintainers manage a project's, Owners a group's.
extension API {
    func registerDeployTokens(_ router: inout Router) {
        for kind in ["project", "group"] {
            let base = "/api/v4/\(kind)s/:id/deploy_tokens"
            let owner: @Sendable (HTTPRequest) throws -> Int = { request in
                let who = try signedIn(request)
                if kind == "project" { return try project(request, who, atLeast: Role.maintainer).id }
                return try group(request, who, atLeast: Role.owner).id
            }
            router.add("GET", base) { request in
                let id = try owner(request)
                let active = APIParams(request).bool("active")
                let tokens = try store.deployTokens(ownerKind: kind, ownerID: id)
                    .filter { t in active.map { $0 == (!t.revoked && !t.isExpired(at: Date())) } ?? true }
                return list(request, all: tokens.map { deployTokenJSON($0, secret: nil) })
            }
            router.add("GET", base + "/:token_id") { request in
                .json(deployTokenJSON(try deployToken(request, kind, try owner(request)), secret: nil))
            }
            router.add("POST", base) { request in
                let id = try owner(request)
                let params = APIParams(request)
                let name = try tokenName(params)
                let scopes = try tokenScopes(request, allowed: TokenScopes.deploy)
                let expiresAt: Date?
                if let text = params["expires_at"], !text.isEmpty {
                    guard let date = Self.parseDateTime(text) else { throw APIError.badRequest("expires_at is invalid") }
                    expiresAt = date
                } else {
                    expiresAt = nil
                }
                let secret = Secrets.generate(prefix: "gldt-")
                let created = try creating("username") {
                    try store.createDeployToken(DeployTokenRecord(ownerKind: kind, ownerID: id, name: name, username: params["username"] ?? "",
                                                                  tokenDigest: Secrets.digest(secret), scopes: scopes, createdAt: Date(),
                                                                  expiresAt: expiresAt))
                }
                return .json(status: 201, deployTokenJSON(created, secret: secret))
            }
            router.add("DELETE", base + "/:token_id") { request in
                let token = try deployToken(request, kind, try owner(request))
                try store.revokeDeployToken(id: token.id)
                return .empty(status: 204)
            }
        }
    }

    private func deployToken(_ request: HTTPRequest, _ kind: String, _ id: Int) throws -> DeployTokenRecord {
        guard let t = try store.deployToken(id: Int(request.params["token_id"] ?? "") ?? 0), t.ownerKind == kind, t.ownerID == id,
              !t.revoked else {
            throw APIError.notFound("")
        }
        return t
    }

    /// A date (`2030-01-31`) or a date and time (ISO 8601).
    static func parseDateTime(_ text: String) -> Date? {
        if text.count <= 10 { return parseDay(text) }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: false)) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// GitLab's DeployToken entity (with `token` when just created).
    private func deployTokenJSON(_ t: DeployTokenRecord, secret: String?) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .int(t.id)), ("name", .string(t.name)), ("username", .string(t.username)), ("expires_at", Presenter.date(t.expiresAt)),
            ("scopes", .array(t.scopes.map { .string($0) })), ("revoked", .bool(t.revoked)), ("expired", .bool(t.isExpired(at: Date()))),
        ]
        if let secret { fields.append(("token", .string(secret))) }
        return .object(fields)
    }
}
