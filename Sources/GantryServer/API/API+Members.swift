import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

/// Members of groups and projects (`/groups/:id/members`, `/projects/:id/members`, and `/all`
/// with the members inherited from ancestor groups). Anyone who can see the group or project
/// lists them; project members are managed by Maintainers (Owners alone grant Owner), group
/// members by Owners, as in GitLab.
extension API {
    /// One group or project as a membership source.
    struct MemberSource {
        let kind: String
        let id: Int
        /// The ancestor groups (nearest first), whose members are members here too.
        let ancestors: [GroupRecord]
        let name: String
    }

    func registerMembers(_ router: inout Router) {
        for kind in ["project", "group"] {
            let base = "/api/v4/\(kind)s/:id/members"
            let source: @Sendable (HTTPRequest, Principal, Int?) throws -> MemberSource = { request, who, role in
                if kind == "project" {
                    let p = try role.map { try project(request, who, atLeast: $0) } ?? project(request, who)
                    return MemberSource(kind: kind, id: p.id, ancestors: access.namespaceLineage(of: p), name: p.name)
                }
                let g = try role.map { try group(request, who, atLeast: $0) } ?? group(request, who)
                return MemberSource(kind: kind, id: g.id, ancestors: Array(access.lineage(of: g).dropFirst()), name: g.name)
            }
            let manager = kind == "project" ? Role.maintainer : Role.owner
            router.add("GET", base) { request in
                let s = try source(request, try principal(request), nil)
                return list(request, all: try store.members(sourceKind: kind, sourceID: s.id).compactMap(presentMember))
            }
            router.add("GET", base + "/all") { request in
                let s = try source(request, try principal(request), nil)
                return list(request, all: try allMembers(s).compactMap(presentMember))
            }
            router.add("GET", base + "/:user_id") { request in
                let s = try source(request, try principal(request), nil)
                guard let m = try store.member(sourceKind: kind, sourceID: s.id, userID: Int(request.params["user_id"] ?? "") ?? 0),
                      let json = presentMember(m) else { throw APIError.notFound("Member") }
                return .json(json)
            }
            router.add("GET", base + "/all/:user_id") { request in
                let s = try source(request, try principal(request), nil)
                let id = Int(request.params["user_id"] ?? "") ?? 0
                guard let m = try allMembers(s).first(where: { $0.userID == id }), let json = presentMember(m) else {
                    throw APIError.notFound("Member")
                }
                return .json(json)
            }
            router.add("POST", base) { request in
                let who = try signedIn(request)
                let s = try source(request, who, manager)
                let params = APIParams(request)
                guard let userParam = params["user_id"] ?? params["username"] else { throw APIError.missing("user_id") }
                let level = try accessLevel(params, by: who, in: s)
                guard let target = try Int(userParam).flatMap({ try store.user(id: $0) }) ?? store.user(username: userParam) else {
                    throw APIError.notFound("User")
                }
                if try store.member(sourceKind: kind, sourceID: s.id, userID: target.id) != nil {
                    throw APIError(409, "Member already exists")
                }
                try checkInherited(level, of: target, in: s)
                let m = try store.setMember(MemberRecord(sourceKind: kind, sourceID: s.id, userID: target.id, accessLevel: level,
                                                         createdAt: Date(), expiresAt: try expiry(params),
                                                         createdByID: who.user?.id))
                return .json(status: 201, presentMember(m) ?? .null)
            }
            router.add("PUT", base + "/:user_id") { request in
                let who = try signedIn(request)
                let s = try source(request, who, manager)
                let params = APIParams(request)
                guard var m = try store.member(sourceKind: kind, sourceID: s.id, userID: Int(request.params["user_id"] ?? "") ?? 0) else {
                    throw APIError.notFound("Member")
                }
                let level = try accessLevel(params, by: who, in: s)
                guard m.accessLevel < Role.owner || access.role(of: who, in: s) >= Role.owner else { throw APIError.forbidden }
                if let user = try store.user(id: m.userID) { try checkInherited(level, of: user, in: s) }
                try lastOwnerCheck(m, s, newLevel: level)
                m.accessLevel = level
                if params["expires_at"] != nil { m.expiresAt = try expiry(params) }
                return .json(presentMember(try store.setMember(m)) ?? .null)
            }
            router.add("DELETE", base + "/:user_id") { request in
                let who = try signedIn(request)
                let id = Int(request.params["user_id"] ?? "") ?? 0
                // Leaving is always allowed (but for the last Owner); removing others needs the manager role.
                let s = try source(request, who, who.user?.id == id ? nil : manager)
                guard let m = try store.member(sourceKind: kind, sourceID: s.id, userID: id) else { throw APIError.notFound("Member") }
                guard m.accessLevel < Role.owner || who.user?.id == id || access.role(of: who, in: s) >= Role.owner else {
                    throw APIError.forbidden
                }
                try lastOwnerCheck(m, s, newLevel: nil)
                try store.deleteMember(sourceKind: kind, sourceID: s.id, userID: id)
                return .empty(status: 204)
            }
        }
    }

    /// Direct and inherited members, each user once with their highest role (GitLab's `/members/all`).
    private func allMembers(_ s: MemberSource) throws -> [MemberRecord] {
        var best: [Int: MemberRecord] = [:]
        var order: [Int] = []
        let direct = try store.members(sourceKind: s.kind, sourceID: s.id)
        let inherited = try s.ancestors.flatMap { try store.members(sourceKind: "group", sourceID: $0.id) }
        for m in direct + inherited where m.expiresAt.map({ $0 > Date() }) ?? true {
            if let current = best[m.userID] {
                if m.accessLevel > current.accessLevel { best[m.userID] = m }
            } else {
                best[m.userID] = m
                order.append(m.userID)
            }
        }
        return order.compactMap { best[$0] }
    }

    private func accessLevel(_ params: APIParams, by who: Principal, in s: MemberSource) throws -> Int {
        guard let raw = params["access_level"] else { throw APIError.missing("access_level") }
        guard let level = Int(raw), Role.memberLevels.contains(level) else {
            throw APIError(400, "access_level does not have a valid value")
        }
        // Only Owners make Owners.
        if level == Role.owner && access.role(of: who, in: s) < Role.owner { throw APIError.forbidden }
        return level
    }

    /// GitLab refuses a direct role below the one a user inherits from an ancestor group.
    private func checkInherited(_ level: Int, of user: UserRecord, in s: MemberSource) throws {
        for g in s.ancestors {
            if let m = try store.member(sourceKind: "group", sourceID: g.id, userID: user.id), m.accessLevel > level {
                throw APIError.invalid("access_level", "should be greater than or equal to \(Role.name(m.accessLevel)) inherited membership from group \(g.name)")
            }
        }
    }

    /// A group keeps at least one Owner.
    private func lastOwnerCheck(_ m: MemberRecord, _ s: MemberSource, newLevel: Int?) throws {
        guard s.kind == "group", m.accessLevel == Role.owner, newLevel != Role.owner else { return }
        let owners = try store.members(sourceKind: "group", sourceID: s.id).filter { $0.accessLevel == Role.owner }
        if owners.count <= 1 { throw APIError.forbidden }
    }

    /// `expires_at` as GitLab takes it: a day (YYYY-MM-DD); the membership ends when that day begins (UTC).
    func expiry(_ params: APIParams) throws -> Date? {
        guard let text = params["expires_at"], !text.isEmpty else { return nil }
        guard let day = Self.parseDay(text) else { throw APIError.badRequest("expires_at is invalid") }
        return day
    }

    static func parseDay(_ text: String) -> Date? {
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...9999).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }

    static func day(_ date: Date?) -> JSONValue {
        guard let date else { return .null }
        return .string(date.formatted(Date.ISO8601FormatStyle().year().month().day()))
    }

    private func presentMember(_ m: MemberRecord) -> JSONValue? {
        guard let u = try? store.user(id: m.userID) else { return nil }
        var fields: [(String, JSONValue)] = [
            ("id", .int(u.id)), ("username", .string(u.username)), ("name", .string(u.name)), ("state", .string(u.state)),
            ("avatar_url", .null), ("web_url", .string("\(baseURL)/\(u.username)")), ("access_level", .int(m.accessLevel)),
            ("created_at", Presenter.date(m.createdAt)), ("expires_at", Self.day(m.expiresAt)), ("locked", .bool(false)),
            ("membership_state", .string("active")),
        ]
        if let by = m.createdByID, let creator = try? store.user(id: by) {
            fields.append(("created_by", .object([("id", .int(creator.id)), ("username", .string(creator.username)),
                                                  ("name", .string(creator.name)), ("state", .string(creator.state)),
                                                  ("web_url", .string("\(baseURL)/\(creator.username)"))])))
        }
        return .object(fields)
    }
}

extension Access {
    /// The caller's role in a membership source.
    func role(of who: Principal, in s: API.MemberSource) -> Int {
        if s.kind == "project", let p = try? store.project(id: s.id) { return role(of: who, in: p) }
        if let g = try? store.group(id: s.id) { return role(of: who, in: g) }
        return Role.noAccess
    }
}
