import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

extension API {
    func registerGroups(_ router: inout Router) {
        router.add("GET", "/api/v4/groups") { request in
            let who = try principal(request)
            let params = APIParams(request)
            return try list(request, { p in
                try store.groups(visibleTo: listViewer(who, params), parentID: nil, search: params["search"], page: p.page, perPage: p.perPage)
            }, { presenter.group($0) })
        }
        router.add("GET", "/api/v4/groups/:id") { request in
            .json(presenter.group(try group(request, try principal(request))))
        }
        router.add("GET", "/api/v4/groups/:id/subgroups") { request in
            let who = try principal(request)
            let g = try group(request, who)
            return try list(request, { p in
                try store.groups(visibleTo: listViewer(who, APIParams(request)), parentID: g.id, search: APIParams(request)["search"], page: p.page,
                                 perPage: p.perPage)
            }, { presenter.group($0) })
        }
        router.add("GET", "/api/v4/groups/:id/projects") { request in
            let who = try principal(request)
            let g = try group(request, who)
            let params = APIParams(request)
            var ids = [g.id]
            if params.bool("include_subgroups") == true { ids += try store.subgroupIDs(of: g.id, recursive: true) }
            return try list(request, { p in
                try store.projects(visibleTo: listViewer(who, params), inGroups: ids, search: params["search"], page: p.page,
                                   perPage: p.perPage)
            }, { presenter.project($0) })
        }
        router.add("POST", "/api/v4/groups") { request in
            let creator = try user(request)
            let params = APIParams(request)
            guard let name = params["name"] else { throw APIError.missing("name") }
            let path = params["path"] ?? Self.slugPath(name)
            guard Self.validPath(path) else {
                throw APIError.invalid("path", "can contain only letters, digits, '_', '-' and '.'")
            }
            let visibility = params["visibility"] ?? "private"
            try Self.checkVisibility(visibility)
            var parent: GroupRecord?
            if let parentID = params.int("parent_id") {
                guard let p = try store.group(id: parentID), access.canRead(p, try principal(request)) else {
                    throw APIError.notFound("Parent Group")
                }
                // GitLab's default subgroup creation level: Maintainers and Owners of the parent.
                guard access.role(of: creator, in: p) >= Role.maintainer else { throw APIError.forbidden }
                try Self.checkVisibility(visibility, within: p)
                parent = p
            } else if creator.isBot {
                // Bot users act inside their one project or group (GitLab's can_create_group is false for them).
                throw APIError.forbidden
            }
            // The creator owns the new group, as in GitLab.
            let created = try creating("path") {
                try GroupCreator(store: store).create(name: name, path: path, parent: parent, visibility: visibility,
                                                      description: params["description"] ?? "", owner: creator)
            }
            return .json(status: 201, presenter.group(created))
        }
        // Group settings are the Owners' (GitLab's admin_group): name, description, visibility.
        router.add("PUT", "/api/v4/groups/:id") { request in
            var g = try group(request, try signedIn(request), atLeast: Role.owner)
            let params = APIParams(request)
            if let name = params["name"] { g.name = name }
            if let description = params["description"] { g.description = description }
            if let visibility = params["visibility"] {
                try Self.checkVisibility(visibility)
                if let parent = try g.parentID.flatMap({ try store.group(id: $0) }) { try Self.checkVisibility(visibility, within: parent) }
                g.visibility = visibility
            }
            try store.updateGroup(g)
            // GitLab sets this through GraphQL (namespace package settings); here it is a group attribute.
            if let forwarding = params.bool("pypi_package_requests_forwarding") { try pypiForwarding.set(group: g.id, forwarding: forwarding) }
            return .json(presenter.group(g))
        }
    }

    /// GitLab's path from a name: lower case, spaces to dashes.
    static func slugPath(_ name: String) -> String {
        String(name.lowercased().map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" ? $0 : "-" })
    }

    static func validPath(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("-") && !path.hasSuffix(".git") && path.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }
    }
}
