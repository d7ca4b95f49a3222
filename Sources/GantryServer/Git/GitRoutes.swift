import Foundation
import GantryHTTP
import GantryStore

/// `/<namespace>/<project>.git/...`: clone, fetch and push as `GitAccess` allows them, pushes to
/// protected refs as the project's protected branches and tags allow them (`ProtectedRefs`); a
/// push that moves a branch or a tag starts that ref's pipeline.
struct GitRoutes: Sendable {
    let store: any Store
    let data: DataDirectory
    let coordinator: PipelineCoordinator
    let log: ServerLog
    /// Paths that are not a repository's (the web UI's project and group pages).
    var otherwise: Router.Handler = { _ in .notFound }

    func register(_ router: inout Router) {
        router.add("GET", "/*path") { try serve($0) }
        router.add("POST", "/*path") { try serve($0) }
    }

    private func serve(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let (path, service) = GitHTTPBackend.parse(request.path) else { return try otherwise(request) }
        let pushing = service == .receivePack || (service == .infoRefs && request.query("service") == "git-receive-pack")
        let project: ProjectRecord, who: Principal
        switch try GitAccess(store: store).check(request, projectPath: path, pushing: pushing) {
        case .allowed(let p, let w): (project, who) = (p, w)
        case .refused(let response): return response
        }
        let backend = GitHTTPBackend(temporary: data.temporary)
        let repositoryURL = data.repository(projectID: project.id)
        let user = who.user?.username ?? "gitlab-ci-token"
        guard service == .receivePack else {
            return backend.serve(request, repository: repositoryURL, service: service, user: user, allowPush: pushing)
        }

        // Protected branches and tags: the repository's pre-receive hook applies this pusher's rights.
        let protection = ProtectedRefs(store: store)
        do {
            return try RefChanges(data: data, coordinator: coordinator, log: log).perform(project: project, userID: who.user?.id) {
                try protection.beginPush(repository: repositoryURL, project: project, role: Access(store: store).role(of: who, in: project))
                defer { protection.endPush(repository: repositoryURL) }
                return backend.serve(request, repository: repositoryURL, service: service, user: user, allowPush: true)
            }
        } catch {
            log.note("push to \(project.pathWithNamespace) refused: \(error)")
            return .message(status: 500, "500 Internal Server Error")
        }
    }
}
