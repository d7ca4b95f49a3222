import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

/// The REST API v4: what every route shares (store, who is asking, access rules, the shapes of
/// answers). The routes themselves live in `API+<Resource>.swift`.
struct API: Sendable {
    let store: any Store
    let data: DataDirectory
    let baseURL: String
    let coordinator: PipelineCoordinator
    let log: ServerLog
    let pypiForwarding: PyPIForwarding
    let includes: ServerIncludes

    var presenter: Presenter { Presenter(baseURL: baseURL, store: store, data: data) }
    var access: Access { Access(store: store) }

    func register(_ router: inout Router) {
        registerUsers(&router)
        registerGroups(&router)
        registerProjects(&router)
        registerPipelines(&router)
        registerJobs(&router)
        registerVariables(&router)
        registerMembers(&router)
        registerAccessTokens(&router)
        registerProtectedRefs(&router)
        registerResourceAccessTokens(&router)
        registerDeployTokens(&router)
        registerJobTokenScope(&router)
        registerRunners(&router)
        let registry = PackageRegistry(store: store, root: data.packages, baseURL: baseURL, dataRoot: data.root)
        registerPackages(&router, registry)
        registerDeletion(&router, registry)
        registerJobArtifacts(&router)
        registerNamespaces(&router)
        registerRepositoryRefs(&router)
        registerRepositoryCommits(&router)
        registerRepositoryFiles(&router)
        registerLint(&router)
        registerTemplates(&router)
        registerGroupLatestPipelines(&router)
    }

    // MARK: Who

    /// The principal of a request, with its token's scopes checked against the route: reads take
    /// `api` or `read_api` (or `read_user` on the user routes), everything else `api`. A wrong
    /// token is a 401 whatever the route; deploy tokens reach only git and the package registry.
    /// `anyScope`: the routes about the token itself (`/personal_access_tokens/self`), which GitLab opens to every scope.
    func principal(_ request: HTTPRequest, userRoute: Bool = false, anyScope: Bool = false) throws -> Principal {
        let who: Principal
        switch Authenticator(store: store).authenticate(request) {
        case .principal(let p): who = p
        case .invalid: throw APIError.unauthorized
        case .expired: throw APIError.tokenExpired
        case .revoked: throw APIError.tokenRevoked
        }
        switch who {
        case .deployToken: throw APIError.unauthorized
        case .user where !anyScope:
            let needed = TokenScopes.api(read: request.method == "GET" || request.method == "HEAD", userRoute: userRoute)
            guard who.hasScope(needed) else { throw APIError.insufficientScope(needed) }
        case .user, .job, .anonymous: break
        }
        return who
    }

    func signedIn(_ request: HTTPRequest, userRoute: Bool = false) throws -> Principal {
        let who = try principal(request, userRoute: userRoute)
        if who.isAnonymous { throw APIError.unauthorized }
        return who
    }

    func user(_ request: HTTPRequest, userRoute: Bool = false) throws -> UserRecord {
        guard let user = try signedIn(request, userRoute: userRoute).user else { throw APIError.forbidden }
        return user
    }

    // MARK: What

    /// `:id` as a number or a URL-encoded path (`group%2Fproject`); 404 when it cannot be seen.
    func project(_ request: HTTPRequest, _ who: Principal, param: String = "id") throws -> ProjectRecord {
        let id = request.params[param] ?? ""
        let found = try Int(id).flatMap { try store.project(id: $0) } ?? store.project(pathWithNamespace: id)
        guard let project = found, access.canRead(project, who) else { throw APIError.notFound("Project") }
        return project
    }

    /// A project the caller may see and acts on with at least `role`; 403 otherwise. Job tokens
    /// change nothing through these routes (GitLab does not accept them there).
    func project(_ request: HTTPRequest, _ who: Principal, atLeast role: Int) throws -> ProjectRecord {
        let project = try project(request, who)
        guard who.user != nil else { throw who.isAnonymous ? APIError.unauthorized : APIError.forbidden }
        guard access.role(of: who, in: project) >= role else { throw APIError.forbidden }
        return project
    }

    func group(_ request: HTTPRequest, _ who: Principal, param: String = "id") throws -> GroupRecord {
        let id = request.params[param] ?? ""
        let found = try Int(id).flatMap { try store.group(id: $0) } ?? store.group(fullPath: id)
        guard let group = found, access.canRead(group, who) else { throw APIError.notFound("Group") }
        return group
    }

    func group(_ request: HTTPRequest, _ who: Principal, atLeast role: Int) throws -> GroupRecord {
        let group = try group(request, who)
        guard who.user != nil else { throw who.isAnonymous ? APIError.unauthorized : APIError.forbidden }
        guard access.role(of: who, in: group) >= role else { throw APIError.forbidden }
        return group
    }

    func pipeline(_ request: HTTPRequest, of project: ProjectRecord, param: String = "pipeline_id") throws -> PipelineRecord {
        guard let id = Int(request.params[param] ?? ""), let p = try store.pipeline(id: id), p.projectID == project.id else {
            throw APIError.notFound("")
        }
        return p
    }

    func job(_ request: HTTPRequest, of project: ProjectRecord, param: String = "job_id") throws -> JobRecord {
        guard let id = Int(request.params[param] ?? ""), let j = try store.job(id: id), j.projectID == project.id else {
            throw APIError.notFound("")
        }
        return j
    }

    // MARK: Answers

    func list<T>(_ request: HTTPRequest, _ fetch: (Pagination) throws -> Page<T>, _ present: (T) -> JSONValue) throws -> HTTPResponse {
        let pagination = Pagination(APIParams(request))
        let page = try fetch(pagination)
        return .json(.array(page.items.map(present)), headers: pagination.headers(total: page.total, request: request, baseURL: baseURL))
    }

    /// A whole list, paged after the fact (small lists: a pipeline's jobs).
    func list(_ request: HTTPRequest, all: [JSONValue]) -> HTTPResponse {
        let pagination = Pagination(APIParams(request))
        let slice = all.dropFirst(pagination.offset).prefix(pagination.perPage)
        return .json(.array(Array(slice)), headers: pagination.headers(total: all.count, request: request, baseURL: baseURL))
    }

    /// `commits`: shared by the jobs of one answer, so that each commit is read once.
    func presentJob(_ job: JobRecord, commits: CommitCache? = nil) throws -> JSONValue {
        let pipeline = try store.pipeline(id: job.pipelineID)
        let project = try store.project(id: job.projectID)
        return presenter.job(job, pipeline: pipeline, project: project, artifacts: try store.artifacts(jobID: job.id), commits: commits)
    }

    func presentPipeline(_ p: PipelineRecord, _ project: ProjectRecord) -> JSONValue {
        presenter.pipeline(p, project: project, full: true)
    }

    /// A store conflict on create, as GitLab words it for the field.
    func creating<T>(_ field: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch StoreError.conflict {
            throw APIError.taken(field)
        }
    }
}
