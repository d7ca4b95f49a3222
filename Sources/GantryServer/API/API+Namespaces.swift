import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

/// `GET /namespaces`, `/namespaces/:id` and `/groups/:id/descendant_groups`. A namespace is a
/// user's own (kind "user", the user's id) or a group (kind "group"); a number in `:id` is
/// looked up as a group first, since users and groups are numbered separately here.
extension API {
    /// Lists built whole in memory are capped at this many groups.
    static let namespaceListLimit = 10_000

    func registerNamespaces(_ router: inout Router) {
        router.add("GET", "/api/v4/namespaces") { request in
            let who = try signedIn(request)
            guard let me = who.user else { throw APIError.forbidden }
            let params = APIParams(request)
            var viewer = access.viewer(who)
            viewer.membersOnly = !me.isAdmin
            if params.bool("owned_only") == true { viewer.ownedOnly = true }
            let search = params["search"]
            var all: [JSONValue] = []
            if search.map({ me.username.localizedCaseInsensitiveContains($0) }) ?? true {
                all.append(presenter.namespace(user: me))
            }
            all += try store.groups(visibleTo: viewer, parentID: nil, search: search, page: 1, perPage: Self.namespaceListLimit)
                .items.map { presenter.namespace(group: $0) }
            return list(request, all: all)
        }
        router.add("GET", "/api/v4/namespaces/:id") { request in
            let who = try signedIn(request)
            let id = request.params["id"] ?? ""
            if let g = try Int(id).flatMap({ try store.group(id: $0) }) ?? store.group(fullPath: id), access.canRead(g, who) {
                return .json(presenter.namespace(group: g))
            }
            // A user's namespace is theirs (and an administrator's) to see.
            if let u = try Int(id).flatMap({ try store.user(id: $0) }) ?? store.user(username: id),
               let me = who.user, me.id == u.id || me.isAdmin {
                return .json(presenter.namespace(user: u))
            }
            throw APIError.notFound("Namespace")
        }
        router.add("GET", "/api/v4/groups/:id/descendant_groups") { request in
            let who = try principal(request)
            let g = try group(request, who)
            let params = APIParams(request)
            let ids = Set(try store.subgroupIDs(of: g.id, recursive: true))
            let visible = try store.groups(visibleTo: listViewer(who, params), parentID: nil, search: params["search"], page: 1,
                                           perPage: Self.namespaceListLimit).items.filter { ids.contains($0.id) }
            return list(request, all: visible.map { presenter.group($0) })
        }
    }
}
