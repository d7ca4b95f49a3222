import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

/// Project and group access tokens (`/projects/:id/access_tokens`, `/groups/:id/access_tokens`):
/// each token belongs to a bot user who is a member of that one project or group with the
/// token's role, as in GitLab. Maintainers manage a project's tokens, Owners a group's; a token
/// never gets a role above its creator's.
extension API {
    func registerResourceAccessTokens(_ router: inout Router) {
        for kind in ["project", "group"] {
            let base = "/api/v4/\(kind)s/:id/access_tokens"
            let manager = kind == "project" ? Role.maintainer : Role.owner
            let resource: @Sendable (HTTPRequest, Principal) throws -> (id: Int, role: Int) = { request, who in
                if kind == "project" {
                    let p = try project(request, who, atLeast: manager)
                    return (p.id, access.role(of: who, in: p))
                }
                let g = try group(request, who, atLeast: manager)
                return (g.id, access.role(of: who, in: g))
            }
            router.add("GET", base) { request in
                let (id, _) = try resource(request, try signedIn(request))
                let tokens = try botTokens(kind, id).filter { !$0.token.revoked }
                return list(request, all: tokens.map { resourceTokenJSON($0.token, level: $0.level, kind, id, secret: nil) })
            }
            router.add("GET", base + "/:token_id") { request in
                let (id, _) = try resource(request, try signedIn(request))
                let found = try botToken(request, kind, id)
                return .json(resourceTokenJSON(found.token, level: found.level, kind, id, secret: nil))
            }
            router.add("POST", base) { request in
                let who = try signedIn(request)
                let (id, myRole) = try resource(request, who)
                let params = APIParams(request)
                let name = try tokenName(params)
                let scopes = try tokenScopes(request, allowed: TokenScopes.personal.subtracting(["sudo", "admin_mode"]))
                let level = params.int("access_level") ?? Role.maintainer
                guard Role.memberLevels.contains(level) else { throw APIError(400, "access_level does not have a valid value") }
                guard level <= myRole else {
                    throw APIError(400, "400 Bad request - Access level of the token can't be greater the access level of the user who created the token")
                }
                let expiry = try tokenExpiry(params)
                let suffix = String(Secrets.generate(prefix: "").lowercased().filter { $0.isLetter || $0.isNumber }.prefix(8))
                let bot = try store.createUser(UserRecord(username: "\(kind)_\(id)_bot_\(suffix)", name: name,
                                                          email: "\(kind)\(id)_bot_\(suffix)@noreply.gantry.local", createdAt: Date(),
                                                          userType: "project_bot"))
                try store.setMember(MemberRecord(sourceKind: kind, sourceID: id, userID: bot.id, accessLevel: level, createdAt: Date(),
                                                 expiresAt: expiry, createdByID: who.user?.id))
                let (record, secret) = try Accounts(store: store).createToken(for: bot, name: name, scopes: scopes, expiresAt: expiry)
                return .json(status: 201, resourceTokenJSON(record, level: level, kind, id, secret: secret))
            }
            router.add("DELETE", base + "/:token_id") { request in
                let (id, _) = try resource(request, try signedIn(request))
                let found = try botToken(request, kind, id)
                try store.revokeAccessToken(id: found.token.id)
                return .empty(status: 204)
            }
            router.add("POST", base + "/:token_id/rotate") { request in
                let (id, _) = try resource(request, try signedIn(request))
                let found = try botToken(request, kind, id)
                guard !found.token.revoked else { throw APIError(400, "400 Bad request - Token already revoked") }
                guard let bot = try store.user(id: found.token.userID) else { throw APIError.notFound("") }
                let expiry = try tokenExpiry(APIParams(request)) ?? Self.parseDay(Self.dayString(Date().addingTimeInterval(7 * 86_400)))
                try store.revokeAccessToken(id: found.token.id)
                let (record, secret) = try Accounts(store: store).createToken(for: bot, name: found.token.name, scopes: found.token.scopes,
                                                                              expiresAt: expiry)
                return .json(resourceTokenJSON(record, level: found.level, kind, id, secret: secret))
            }
        }
    }

    /// The tokens of the bots that are members of this project or group, with the bot's role.
    private func botTokens(_ kind: String, _ id: Int) throws -> [(token: AccessTokenRecord, level: Int)] {
        var out: [(AccessTokenRecord, Int)] = []
        for m in try store.members(sourceKind: kind, sourceID: id) {
            guard let user = try store.user(id: m.userID), user.isBot else { continue }
            out += try store.accessTokens(userID: user.id).map { ($0, m.accessLevel) }
        }
        return out
    }

    private func botToken(_ request: HTTPRequest, _ kind: String, _ id: Int) throws -> (token: AccessTokenRecord, level: Int) {
        let tokenID = Int(request.params["token_id"] ?? "") ?? 0
        guard let found = try botTokens(kind, id).first(where: { $0.token.id == tokenID }) else { throw APIError.notFound("") }
        return found
    }

    /// GitLab's ResourceAccessToken entity.
    private func resourceTokenJSON(_ t: AccessTokenRecord, level: Int, _ kind: String, _ id: Int, secret: String?) -> JSONValue {
        guard case .object(var fields) = tokenJSON(t, secret: nil) else { return .null }
        fields += [("access_level", .int(level)), ("resource_type", .string(kind)), ("resource_id", .int(id))]
        if let secret { fields.append(("token", .string(secret))) }
        return .object(fields)
    }
}
