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
                try store.projects(visibleTo: listViewer(who, params), inGroups: nil, search: params["search"], page: p.page,
                                   perPage: p.perPage)
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
            let visibility = params["visibility"] ?? "private"
            try Self.checkVisibility(visibility)
            let namespace: ProjectCreator.Namespace
            if let nid = params["namespace_id"] ?? params["namespace"] {
                guard let g = try Int(nid).flatMap({ try store.group(id: $0) }) ?? store.group(fullPath: nid),
                      access.canRead(g, try principal(request)) else {
                    throw APIError.notFound("Namespace")
                }
                // GitLab's default project creation level: Maintainers and Owners of the group.
                guard access.role(of: creator, in: g) >= Role.maintainer else { throw APIError.invalid("namespace", "is not valid") }
                try Self.checkVisibility(visibility, within: g)
                namespace = .group(g)
            } else {
                // Bot users have no namespace of their own to create projects in.
                guard !creator.isBot else { throw APIError.invalid("namespace", "is not valid") }
                namespace = .user(creator)
            }
            let created = try creating("path") {
                try ProjectCreator(store: store, data: data).create(
                    name: name, path: path, namespace: namespace, creator: creator, visibility: visibility,
                    description: params["description"] ?? "", defaultBranch: params["default_branch"] ?? "main")
            }
            log.note("project \(created.pathWithNamespace) created (id \(created.id))")
            return .json(status: 201, presenter.project(created))
        }
        // Settings a Maintainer may change (GitLab's admin_project): name, description, visibility, default branch.
        router.add("PUT", "/api/v4/projects/:id") { request in
            let who = try signedIn(request)
            var project = try project(request, who, atLeast: Role.maintainer)
            let params = APIParams(request)
            if let name = params["name"] { project.name = name }
            if let description = params["description"] { project.description = description }
            if let visibility = params["visibility"] {
                try Self.checkVisibility(visibility)
                if project.namespaceKind == "group", let g = try store.group(id: project.namespaceID) {
                    try Self.checkVisibility(visibility, within: g)
                }
                project.visibility = visibility
            }
            if let branch = params["default_branch"], branch != project.defaultBranch {
                let repository = BareRepository(path: data.repository(projectID: project.id))
                let refs = repository.refs()
                // An empty repository takes any name (its first push creates the branch), as in GitLab.
                guard refs.isEmpty || refs["refs/heads/\(branch)"] != nil else {
                    throw APIError.invalid("default_branch", "branch '\(branch)' does not exist")
                }
                _ = repository.run(["symbolic-ref", "HEAD", "refs/heads/\(branch)"])
                project.defaultBranch = branch
            }
            try store.updateProject(project)
            return .json(presenter.project(project))
        }
    }

    /// The caller as a viewer of a list, with GitLab's `membership`, `owned` and `min_access_level` filters.
    func listViewer(_ who: Principal, _ params: APIParams) throws -> Viewer {
        var viewer = access.viewer(who)
        viewer.membersOnly = params.bool("membership") == true
        viewer.ownedOnly = params.bool("owned") == true
        if let raw = params["min_access_level"] {
            guard let level = Int(raw), Role.memberLevels.contains(level) else {
                throw APIError(400, "min_access_level does not have a valid value")
            }
            viewer.minAccessLevel = level
        }
        return viewer
    }

    static let visibilities = ["private", "internal", "public"]

    static func checkVisibility(_ visibility: String) throws {
        guard visibilities.contains(visibility) else { throw APIError.badRequest("visibility does not have a valid value") }
    }

    /// GitLab's rule: a project or subgroup is never more visible than its group.
    static func checkVisibility(_ visibility: String, within group: GroupRecord) throws {
        guard let mine = visibilities.firstIndex(of: visibility), let theirs = visibilities.firstIndex(of: group.visibility),
              mine > theirs else { return }
        throw APIError.invalid("visibility_level", "\(visibility) is not allowed in a \(group.visibility) group.")
    }
}
