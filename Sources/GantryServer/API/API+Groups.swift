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
                let page = try store.groups(page: p.page, perPage: p.perPage, search: params["search"])
                return (page.items.filter { access.canRead($0, who) }, page.total)
            }, { presenter.group($0) })
        }
        router.add("GET", "/api/v4/groups/:id") { request in
            .json(presenter.group(try group(request, try principal(request))))
        }
        router.add("GET", "/api/v4/groups/:id/subgroups") { request in
            let who = try principal(request)
            let g = try group(request, who)
            let all = try store.subgroupIDs(of: g.id, recursive: false).compactMap { try store.group(id: $0) }
                .filter { access.canRead($0, who) }.map { presenter.group($0) }
            return list(request, all: all)
        }
        router.add("GET", "/api/v4/groups/:id/projects") { request in
            let who = try principal(request)
            let g = try group(request, who)
            let params = APIParams(request)
            var ids = [g.id]
            if params.bool("include_subgroups") == true { ids += try store.subgroupIDs(of: g.id, recursive: true) }
            return try list(request, { p in
                let page = try store.projects(inGroups: ids, page: p.page, perPage: p.perPage)
                return (page.items.filter { access.canRead($0, who) }, page.total)
            }, { presenter.project($0) })
        }
        router.add("POST", "/api/v4/groups") { request in
            _ = try user(request)
            let params = APIParams(request)
            guard let name = params["name"] else { throw APIError.missing("name") }
            let path = params["path"] ?? Self.slugPath(name)
            guard Self.validPath(path) else {
                throw APIError.invalid("path", "can contain only letters, digits, '_', '-' and '.'")
            }
            var fullPath = path
            var parentID: Int?
            if let parent = params.int("parent_id") {
                guard let p = try store.group(id: parent) else { throw APIError.notFound("Parent Group") }
                fullPath = p.fullPath + "/" + path
                parentID = p.id
            }
            let created = try creating("path") {
                try store.createGroup(GroupRecord(name: name, path: path, fullPath: fullPath, parentID: parentID,
                                                  visibility: params["visibility"] ?? "private", description: params["description"] ?? "",
                                                  createdAt: Date()))
            }
            return .json(status: 201, presenter.group(created))
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
