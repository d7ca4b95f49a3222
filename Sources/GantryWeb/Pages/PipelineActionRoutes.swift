import GantryHTTP
import GantryServer
import GantryStore

/// The buttons of the pipeline and job pages, at GitLab's paths: `POST /-/jobs/<id>/play`,
/// `…/retry`, `…/cancel`, `POST /-/pipelines/<id>/cancel`, `…/retry`. Each checks the form's CSRF token first, then
/// the API's rule for the same action, and goes back to the page it came from.
struct PipelineActionRoutes {
    let site: Site

    func register(_ router: inout Router) {
        router.add("POST", "/jobs/:job_id/play") { request in try act(request, "job_id") { site.model.playJob($0, in: $1, by: $2) } }
        router.add("POST", "/jobs/:job_id/retry") { request in try act(request, "job_id") { site.model.retryJob($0, in: $1, by: $2) } }
        router.add("POST", "/jobs/:job_id/cancel") { request in try act(request, "job_id") { site.model.cancelJob($0, in: $1, by: $2) } }
        router.add("POST", "/pipelines/:pipeline_id/cancel") { request in
            try act(request, "pipeline_id") { site.model.cancelPipeline($0, in: $1, by: $2) }
        }
        router.add("POST", "/pipelines/:pipeline_id/retry") { request in
            try act(request, "pipeline_id") { site.model.retryPipeline($0, in: $1, by: $2) }
        }
    }

    private func act(_ request: HTTPRequest, _ param: String,
                     _ action: (Int, ProjectRecord, Visitor) -> ReadModel.ActionOutcome) throws -> HTTPResponse {
        let (context, project, _) = try site.projectAction(request)
        guard let id = Int(request.params[param] ?? "") else { throw PageError.notFound }
        switch action(id, project, context.visitor) {
        case .done: return .seeOther(backTo(request, project: project.pathWithNamespace))
        case .notFound: throw PageError.notFound
        case .refused: throw PageError.forbidden
        }
    }

    /// The page the form was on (its Referer, when it is this project's page), else the pipelines list.
    private func backTo(_ request: HTTPRequest, project: String) -> String {
        let pipelines = Paths.pipelines(project)
        guard let referer = request.header("Referer"), let pathStart = referer.range(of: "://").map({ referer[$0.upperBound...] }),
              let slash = pathStart.firstIndex(of: "/") else { return pipelines }
        let path = String(pathStart[slash...])
        let ownHost = site.model.baseURL.range(of: "://").map { String(site.model.baseURL[$0.upperBound...]) } ?? ""
        guard String(pathStart[..<slash]) == ownHost || request.header("Host") == String(pathStart[..<slash]),
              SignInPath.isLocal(path), path.hasPrefix(Paths.project(project) + "/") else { return pipelines }
        return path
    }
}
