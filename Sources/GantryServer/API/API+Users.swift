import Foundation
import GantryHTTP
import GantryPipeline
import GantryRunnerProtocol
import GantryStore

extension API {
    func registerUsers(_ router: inout Router) {
        router.add("GET", "/api/v4/version") { request in
            _ = try signedIn(request)
            return .json(JSONValueBuilder.object(["version": .string(GantryVersion.gitLabCompatible), "revision": .string("gantry"),
                                                  "kas": .object([("enabled", .bool(false))]), "enterprise": .bool(false),
                                                  "gantry": .string(GantryVersion.current)]))
        }
        router.add("GET", "/api/v4/user") { request in
            .json(presenter.user(try user(request, userRoute: true), full: true))
        }
        router.add("GET", "/api/v4/users") { request in
            _ = try signedIn(request, userRoute: true)
            let params = APIParams(request)
            if let name = params["username"] {
                let found = try store.user(username: name)
                return .json(.array(found.map { [presenter.user($0)] } ?? []))
            }
            return try list(request, { try store.users(page: $0.page, perPage: $0.perPage) }, { presenter.user($0) })
        }
        router.add("GET", "/api/v4/users/:id") { request in
            _ = try signedIn(request, userRoute: true)
            guard let id = Int(request.params["id"] ?? ""), let u = try store.user(id: id) else { throw APIError.notFound("User") }
            return .json(presenter.user(u))
        }
        // Admins create users (GitLab's POST /users) and their tokens (POST /users/:id/personal_access_tokens).
        router.add("POST", "/api/v4/users") { request in
            guard try user(request).isAdmin else { throw APIError.forbidden }
            let params = APIParams(request)
            guard let username = params["username"] else { throw APIError.missing("username") }
            let created = try creating("username") {
                try store.createUser(UserRecord(username: username, name: params["name"] ?? username,
                                                email: params["email"] ?? "\(username)@gantry.local",
                                                isAdmin: params.bool("admin") ?? false, createdAt: Date()))
            }
            return .json(status: 201, presenter.user(created, full: true))
        }
        router.add("POST", "/api/v4/users/:id/personal_access_tokens") { request in
            guard try user(request).isAdmin else { throw APIError.forbidden }
            guard let id = Int(request.params["id"] ?? ""), let owner = try store.user(id: id) else { throw APIError.notFound("User") }
            let params = APIParams(request)
            let (record, secret) = try Accounts(store: store).createToken(for: owner, name: try tokenName(params),
                                                                          scopes: try tokenScopes(request, allowed: TokenScopes.personal),
                                                                          expiresAt: try tokenExpiry(params))
            return .json(status: 201, tokenJSON(record, secret: secret))
        }
    }

    /// GitLab's PersonalAccessToken entity; `expires_at` is a day.
    func tokenJSON(_ t: AccessTokenRecord, secret: String?) -> JSONValue {
        let active = !t.revoked && !(t.expiresAt.map { $0 <= Date() } ?? false)
        var fields: [(String, JSONValue)] = [
            ("id", .int(t.id)), ("name", .string(t.name)), ("revoked", .bool(t.revoked)), ("created_at", Presenter.date(t.createdAt)),
            ("description", .null), ("scopes", .array(t.scopes.map { .string($0) })), ("user_id", .int(t.userID)),
            ("last_used_at", Presenter.date(t.lastUsedAt)), ("active", .bool(active)), ("expires_at", Self.day(t.expiresAt)),
        ]
        if let secret { fields.append(("token", .string(secret))) }
        return .object(fields)
    }
}
