import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

extension API {
    func registerProjects(_ router: inout Router) {
        router.add("GET", "/api/v4/projects") { request in
            let who = try principal(request)
            let params = APIParams(request)
            return try list(request, { p in
                let page = try store.projects(page: p.page, perPage: p.perPage, search: params["search"])
                return (page.items.filter { access.canRead($0, who) }, page.total)
            }, { presenter.project($0) })
        }
        router.add("GET", "/api/v4/projects/:id") { request in
            .json(presenter.project(try project(request, try principal(request))))
        }
        router.add("POST", "/api/v4/projects") { request in
            let creator = try user(request)
            let params = APIParams(request)
            guard let name = params["name"] ?? params["path"] else { throw APIError.missing("name") }
            let path = params["path"] ?? Self.slugPath(name)
            guard Self.validPath(path) else { throw APIError.invalid("path", "can contain only letters, digits, '_', '-' and '.'") }
            let namespace: ProjectCreator.Namespace
            if let nid = params["namespace_id"] ?? params["namespace"] {
                guard let g = try Int(nid).flatMap({ try store.group(id: $0) }) ?? store.group(fullPath: nid) else {
                    throw APIError.notFound("Namespace")
                }
                namespace = .group(g)
            } else {
                namespace = .user(creator)
            }
            let created = try creating("path") {
                try ProjectCreator(store: store, data: data).create(
                    name: name, path: path, namespace: namespace, creator: creator, visibility: params["visibility"] ?? "private",
                    description: params["description"] ?? "", defaultBranch: params["default_branch"] ?? "main")
            }
            log.note("project \(created.pathWithNamespace) created (id \(created.id))")
            return .json(status: 201, presenter.project(created))
        }
    }
}
