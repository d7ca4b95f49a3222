import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

extension API {
    func registerProjects(_ router: inout Router) {
        router.add("GET", "/api/v4/projects") { request in
            let who = try principal(request)
            let params = APIParams(request)
            if let refusal = Pagination(params).offsetRefusal(type: "Project") { throw refusal }
            return try list(request, { p in
                try store.projects(visibleTo: listViewer(who, params), inGroups: nil, search: params["search"], page: p.page,
                                   perPage: p.perPage)
            }, { presenter.project($0) })
        }
        // One project also carries the caller's `permissions`, and `statistics` when asked
        // (`statistics=true`, Reporters and above, as in GitLab).
        router.add("GET", "/api/v4/projects/:id") { request in
            let who = try principal(request)
            let p = try project(request, who)
            var extra: [(String, JSONValue)] = [("permissions", permissions(p, who))]
            if APIParams(request).bool("statistics") == true, access.role(of: who, in: p) >= Role.reporter {
                extra.append(("statistics", try statistics(p)))
            }
            return .json(presenter.project(p, extra: extra))
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

    /// GitLab's `permissions`: the caller's own membership of the project, and their role in its group.
    private func permissions(_ p: ProjectRecord, _ who: Principal) -> JSONValue {
        func level(_ access: Int?) -> JSONValue {
            access.map { .object([("access_level", .int($0)), ("notification_level", .int(3))]) } ?? .null
        }
        let user = who.user
        let direct = user.flatMap { try? store.member(sourceKind: "project", sourceID: p.id, userID: $0.id) }?.accessLevel
        var inGroup: Int?
        if let user, p.namespaceKind == "group", let g = try? store.group(id: p.namespaceID) {
            let role = access.role(of: user, in: g)
            inGroup = role > Role.noAccess ? min(role, Role.owner) : nil
        }
        return .object([("project_access", level(direct)), ("group_access", level(inGroup))])
    }

    /// Sizes from the database and the repository's folder; `commit_count` counts the default branch.
    private func statistics(_ p: ProjectRecord) throws -> JSONValue {
        let sizes = try store.storageSizes(projectID: p.id)
        let repository = BareRepository(path: data.repository(projectID: p.id))
        let commits = repository.resolve(p.defaultBranch).flatMap { repository.run(["rev-list", "--count", $0.sha]) }.flatMap { Int($0) } ?? 0
        let repositorySize = Self.folderSize(data.repository(projectID: p.id))
        return .object([("commit_count", .int(commits)), ("storage_size", .int(repositorySize + sizes.artifacts + sizes.packages)),
                        ("repository_size", .int(repositorySize)), ("wiki_size", .int(0)), ("lfs_objects_size", .int(0)),
                        ("job_artifacts_size", .int(sizes.artifacts)), ("pipeline_artifacts_size", .int(0)),
                        ("packages_size", .int(sizes.packages)), ("snippets_size", .int(0)), ("uploads_size", .int(0)),
                        ("container_registry_size", .int(0))])
    }

    static func folderSize(_ folder: URL) -> Int {
        guard let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey]) else { return 0 }
        var total = 0
        for case let file as URL in walk {
            total += (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        }
        return total
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
