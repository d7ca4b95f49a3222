import Foundation
import GantryHTTP
import GantryPipeline
import GantryPython
import GantryStore

/// The package registry's routes, at GitLab's paths: the PyPI API of a project (upload, simple
/// index, files) and of a group (index and files of its projects and subgroups' projects, read
/// only), and the packages API (list, show, files, delete).
extension API {
    func registerPackages(_ router: inout Router, _ registry: PackageRegistry) {
        registry.sweep()
        registerPyPI(&router, registry)
        registerPackagesAPI(&router, registry)
        registerGenericPackages(&router, registry)
    }

    private func registerPyPI(_ router: inout Router, _ registry: PackageRegistry) {
        router.add("POST", "/api/v4/projects/:id/packages/pypi") { request in
            let who = try registryPrincipal(request, write: true)
            if who.isAnonymous { throw RegistryError.unauthorized }
            let project = try registryProject(request, who)
            let stored = try registry.upload(request, project: project, pipelineID: try uploadingPipeline(who, project))
            log.note("package file \(stored.file.fileName) uploaded to \(project.pathWithNamespace)")
            return .message(status: 201, "201 Created")
        }
        for isGroup in [false, true] {
            let prefix = isGroup ? "/api/v4/groups/:id/-" : "/api/v4/projects/:id"
            let scope: @Sendable (HTTPRequest) throws -> PackageRegistry.Scope = { request in
                isGroup ? try registryGroupScope(request) : try registryProjectScope(request)
            }
            router.add("GET", "\(prefix)/packages/pypi/simple") { request in
                try registry.rootPage(try scope(request), format: SimpleIndexFormat(request))
            }
            router.add("GET", "\(prefix)/packages/pypi/simple/:package_name") { request in
                let scope = try scope(request)
                return try registry.projectPage(scope, name: request.params["package_name"] ?? "", format: SimpleIndexFormat(request),
                                                query: request.rawQuery) { try pypiForwarding.upstream(forGroup: scope.groupID) }
            }
            router.add("GET", "\(prefix)/packages/pypi/files/:sha256/:file_name") { request in
                try registry.download(try scope(request), sha256: request.params["sha256"] ?? "",
                                      fileName: request.params["file_name"] ?? "")
            }
            router.add("GET", "\(prefix)/packages/pypi/files/:sha256/:file_name/provenance") { request in
                try registry.provenance(try scope(request), sha256: request.params["sha256"] ?? "",
                                        fileName: request.params["file_name"] ?? "", accept: request.header("Accept"))
            }
        }
    }

    private func registerPackagesAPI(_ router: inout Router, _ registry: PackageRegistry) {
        router.add("GET", "/api/v4/projects/:id/packages") { request in
            let project = try packagesProject(request)
            let filter = try packageFilter(request)
            return try list(request, { p in
                try store.packages(projectIDs: [project.id], filter: filter, page: p.page, perPage: p.perPage)
            }, { presenter.package($0, project: project, files: (try? store.packageFiles(packageID: $0.id)) ?? []) })
        }
        router.add("GET", "/api/v4/groups/:id/packages") { request in
            let who = try principal(request)
            let g = try group(request, who)
            let exclude = APIParams(request).bool("exclude_subgroups") == true
            let projects = try readableProjects(inGroup: g, who, includeSubgroups: !exclude)
            let byID = Dictionary(uniqueKeysWithValues: projects.map { ($0.id, $0) })
            let filter = try packageFilter(request)
            return try list(request, { p in
                try store.packages(projectIDs: projects.map(\.id), filter: filter, page: p.page, perPage: p.perPage)
            }, { package in
                guard let project = byID[package.projectID] else { return .null }
                return presenter.package(package, project: project, files: (try? store.packageFiles(packageID: package.id)) ?? [],
                                         withProject: true)
            })
        }
        router.add("GET", "/api/v4/projects/:id/packages/:package_id") { request in
            let project = try packagesProject(request)
            let package = try package(request, of: project)
            return .json(presenter.package(package, project: project, files: try store.packageFiles(packageID: package.id)))
        }
        router.add("GET", "/api/v4/projects/:id/packages/:package_id/package_files") { request in
            let project = try packagesProject(request)
            let package = try package(request, of: project)
            return list(request, all: try store.packageFiles(packageID: package.id).map { presenter.packageFile($0, project: project) })
        }
        router.add("DELETE", "/api/v4/projects/:id/packages/:package_id") { request in
            let project = try project(request, try signedIn(request), atLeast: Role.maintainer)
            let package = try package(request, of: project)
            try registry.delete(packageID: package.id)
            log.note("package \(package.name) \(package.version) deleted from \(project.pathWithNamespace)")
            return .empty()
        }
        router.add("DELETE", "/api/v4/projects/:id/packages/:package_id/package_files/:file_id") { request in
            let project = try project(request, try signedIn(request), atLeast: Role.maintainer)
            let package = try package(request, of: project)
            guard let id = Int(request.params["file_id"] ?? ""),
                  try store.packageFiles(packageID: package.id).contains(where: { $0.id == id }) else {
                throw APIError.notFound("Package file")
            }
            try registry.delete(fileID: id)
            return .empty()
        }
    }

    // MARK: Who and what, for package clients

    /// Who may add package files: a Developer (GitLab's create_package), a deploy token of the
    /// project or its group with write_package_registry, or a running job of this very project
    /// (CI_JOB_TOKEN), whose pipeline is returned.
    func uploadingPipeline(_ who: Principal, _ project: ProjectRecord) throws -> Int? {
        switch who {
        case .job(let job) where job.projectID == project.id: return job.pipelineID
        case .user where access.role(of: who, in: project) >= Role.developer: return nil
        case .deployToken: return nil
        default: throw RegistryError.forbidden
        }
    }

    /// A project whose packages the caller may read (GitLab's read_package: Reporter and above on a private project).
    private func packagesProject(_ request: HTTPRequest) throws -> ProjectRecord {
        let who = try principal(request)
        let project = try project(request, who)
        guard access.canDownloadCode(project, who) else { throw APIError.forbidden }
        return project
    }

    /// Like `principal`, but a wrong token is a 401 with a Basic challenge, which pip answers
    /// with the credentials it knows; deploy tokens are accepted. Reads take `api`, `read_api` or
    /// a deploy token's package scopes; uploads `api` or `write_package_registry`.
    func registryPrincipal(_ request: HTTPRequest, write: Bool = false) throws -> Principal {
        let who: Principal
        switch Authenticator(store: store).authenticate(request) {
        case .principal(let p): who = p
        case .invalid, .expired, .revoked: throw RegistryError.unauthorized
        }
        switch who {
        case .user, .deployToken:
            let needed = write ? TokenScopes.packageWrite : TokenScopes.packageRead
            guard who.hasScope(needed) else {
                if case .deployToken = who { throw RegistryError.forbidden }
                throw APIError.insufficientScope(write ? ["api"] : ["api", "read_api"])
            }
        case .job, .anonymous: break
        }
        return who
    }

    /// A project the principal may read packages of; anonymous callers are challenged rather than told "not found".
    func registryProject(_ request: HTTPRequest, _ who: Principal) throws -> ProjectRecord {
        let id = request.params["id"] ?? ""
        let found = try Int(id).flatMap { try store.project(id: $0) } ?? store.project(pathWithNamespace: id)
        guard let project = found, access.canDownloadCode(project, who) else {
            throw who.isAnonymous ? RegistryError.unauthorized : RegistryError.notFound("Project")
        }
        return project
    }

    private func registryProjectScope(_ request: HTTPRequest) throws -> PackageRegistry.Scope {
        .project(try registryProject(request, try registryPrincipal(request)))
    }

    /// A group's index covers the projects of the group and all its subgroups that the principal may read.
    private func registryGroupScope(_ request: HTTPRequest) throws -> PackageRegistry.Scope {
        let who = try registryPrincipal(request)
        let id = request.params["id"] ?? ""
        let found = try Int(id).flatMap { try store.group(id: $0) } ?? store.group(fullPath: id)
        guard let group = found, access.canRead(group, who) else {
            throw who.isAnonymous ? RegistryError.unauthorized : RegistryError.notFound("Group")
        }
        let ids = try readableProjects(inGroup: group, who, includeSubgroups: true).map(\.id).sorted()
        return PackageRegistry.Scope(path: "groups/\(group.id)/-", projectIDs: ids, groupID: group.id)
    }

    private func readableProjects(inGroup group: GroupRecord, _ who: Principal, includeSubgroups: Bool) throws -> [ProjectRecord] {
        let groups = [group.id] + (includeSubgroups ? try store.subgroupIDs(of: group.id, recursive: true) : [])
        return try store.projects(inGroups: groups, page: 1, perPage: 1_000_000).items.filter { access.canDownloadCode($0, who) }
    }

    private func package(_ request: HTTPRequest, of project: ProjectRecord) throws -> PackageRecord {
        guard let id = Int(request.params["package_id"] ?? ""), let p = try store.package(id: id), p.projectID == project.id else {
            throw APIError.notFound("Package")
        }
        return p
    }

    /// GitLab's list parameters: package_type, package_name, package_version, order_by, sort.
    private func packageFilter(_ request: HTTPRequest) throws -> PackageFilter {
        let params = APIParams(request)
        // GitLab's filter is a fuzzy (substring) match; names compare in PEP 503 form, as the index does.
        var filter = PackageFilter(packageType: params["package_type"], nameContains: params["package_name"].map(ProjectName.normalize),
                                   version: params["package_version"])
        if let order = params["order_by"] {
            guard let o = PackageFilter.Order(rawValue: order) else { throw APIError(400, "order_by does not have a valid value") }
            filter.orderBy = o
        }
        if let sort = params["sort"] {
            guard sort == "asc" || sort == "desc" else { throw APIError(400, "sort does not have a valid value") }
            filter.ascending = sort == "asc"
        }
        return filter
    }
}
