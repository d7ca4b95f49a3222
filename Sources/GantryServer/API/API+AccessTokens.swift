import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

/// `/personal_access_tokens`: list, show (and `self`), revoke, rotate, with GitLab's shapes.
/// Users see and manage their own tokens; administrators everyone's.
extension API {
    func registerAccessTokens(_ router: inout Router) {
        router.add("GET", "/api/v4/personal_access_tokens") { request in
            let me = try user(request)
            let params = APIParams(request)
            var userID: Int? = me.id
            if me.isAdmin { userID = params.int("user_id") } else if let asked = params.int("user_id"), asked != me.id {
                throw APIError.unauthorized
            }
            let revoked = params.bool("revoked")
            let state = params["state"]
            // Filters over one user's tokens are small: page after filtering, so totals match.
            let all = try store.accessTokens(page: 1, perPage: Int.max / 2, userID: userID).items.filter { t in
                let active = !t.revoked && !(t.expiresAt.map { $0 <= Date() } ?? false)
                return (revoked.map { $0 == t.revoked } ?? true) && (state.map { ($0 == "active") == active } ?? true)
                    && (params["search"].map { t.name.localizedCaseInsensitiveContains($0) } ?? true)
            }
            return list(request, all: all.map { tokenJSON($0, secret: nil) })
        }
        router.add("GET", "/api/v4/personal_access_tokens/self") { request in
            let who = try principal(request, anyScope: true)
            guard let token = who.token else { throw APIError.unauthorized }
            return .json(tokenJSON(token, secret: nil))
        }
        router.add("GET", "/api/v4/personal_access_tokens/:token_id") { request in
            .json(tokenJSON(try ownToken(request, try user(request, userRoute: true)), secret: nil))
        }
        router.add("DELETE", "/api/v4/personal_access_tokens/self") { request in
            let who = try principal(request, anyScope: true)
            guard let token = who.token else { throw APIError.unauthorized }
            try store.revokeAccessToken(id: token.id)
            return .empty(status: 204)
        }
        router.add("DELETE", "/api/v4/personal_access_tokens/:token_id") { request in
            let token = try ownToken(request, try user(request))
            try store.revokeAccessToken(id: token.id)
            return .empty(status: 204)
        }
        router.add("POST", "/api/v4/personal_access_tokens/self/rotate") { request in
            // GitLab lets a token rotate itself with `api` or `self_rotate`.
            let who = try principal(request, anyScope: true)
            guard let token = who.token else { throw APIError.unauthorized }
            guard who.hasScope(["api", "self_rotate"]) else { throw APIError.insufficientScope(["api", "self_rotate"]) }
            return .json(try rotate(token, APIParams(request)))
        }
        router.add("POST", "/api/v4/personal_access_tokens/:token_id/rotate") { request in
            let token = try ownToken(request, try user(request))
            return .json(try rotate(token, APIParams(request)))
        }
    }

    /// A token of the caller (any token for an administrator); 404 otherwise, as GitLab hides others' tokens.
    private func ownToken(_ request: HTTPRequest, _ me: UserRecord) throws -> AccessTokenRecord {
        guard let id = Int(request.params["token_id"] ?? ""), let token = try store.accessToken(id: id),
              token.userID == me.id || me.isAdmin else {
            throw APIError.notFound("")
        }
        return token
    }

    /// GitLab's rotation: the old token is revoked and a new one with the same name and scopes is
    /// returned, expiring on `expires_at` or in a week.
    private func rotate(_ token: AccessTokenRecord, _ params: APIParams) throws -> JSONValue {
        guard !token.revoked, !(token.expiresAt.map { $0 <= Date() } ?? false) else {
            throw APIError(400, "400 Bad request - Token already revoked")
        }
        guard let owner = try store.user(id: token.userID) else { throw APIError.notFound("") }
        let expiry = try tokenExpiry(params) ?? Self.parseDay(Self.dayString(Date().addingTimeInterval(7 * 86_400)))
        try store.revokeAccessToken(id: token.id)
        let (record, secret) = try Accounts(store: store).createToken(for: owner, name: token.name, scopes: token.scopes,
                                                                      expiresAt: expiry)
        return tokenJSON(record, secret: secret)
    }

    static func dayString(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle().year().month().day()) }

    func tokenName(_ params: APIParams) throws -> String {
        guard let name = params["name"], !name.isEmpty else { throw APIError.missing("name") }
        return name
    }

    /// `scopes[]=a&scopes[]=b`, `scopes=a,b` or a JSON array; each must be one GitLab knows for this kind of token.
    func tokenScopes(_ request: HTTPRequest, allowed: Set<String>) throws -> [String] {
        var scopes = (APIParams(request)["scopes"] ?? "").split(separator: ",").map(String.init)
        // The repeated form spelling (`scopes[]=a&scopes[]=b`), in the query or a form body.
        var pairs = request.query
        if (request.header("Content-Type") ?? "").lowercased().hasPrefix("application/x-www-form-urlencoded"),
           let body = try? request.bodyData() {
            pairs += PercentEncoding.parseQuery(String(decoding: body, as: UTF8.self))
        }
        scopes += pairs.filter { $0.0 == "scopes[]" }.map(\.1)
        scopes = scopes.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !scopes.isEmpty else { throw APIError.missing("scopes") }
        guard scopes.allSatisfy(allowed.contains) else { throw APIError(400, "scopes does not have a valid value") }
        return scopes
    }

    /// A token's `expires_at` (a day, not in the past); nil when not given.
    func tokenExpiry(_ params: APIParams) throws -> Date? {
        guard let day = try expiry(params) else { return nil }
        guard day > Date() else { throw APIError.invalid("expires_at", "must be in the future") }
        return day
    }
}
