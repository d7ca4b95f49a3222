import Foundation
import GantryHTTP
import GantryServer

/// The web UI, served by `gantry server` beside the API at GitLab's page paths, so that every
/// `web_url`, `CI_PIPELINE_URL` and `CI_JOB_URL` the server hands out opens a page.
///
/// Adding a page: a project page is a route in `ProjectPages.register` (its pattern is what
/// follows `/<project path>/-`, e.g. `/pipelines/:pipeline_id`; `/` is the project page itself),
/// a group page likewise in `GroupPages`, a page at a fixed path (`/users/…`, `/admin/…`) a route
/// in `register` below. A handler starts with `site.projectPage(request)` (or `groupPage`,
/// `context`) and answers with `context.page(title, crumbs:, body)`; reads and actions go
/// through `ReadModel`, text goes into `HTML` interpolations, which escape it.
public struct WebUI: FrontEnd {
    let site: Site
    /// Project pages, by the path after `/<project path>/-`.
    private let projectRoutes: Router
    /// Group pages, by the path after `/<group path>/-`.
    private let groupRoutes: Router

    public init(model: ReadModel) {
        site = Site(model: model, assets: Assets())
        var project = Router()
        var group = Router()
        ProjectPages(site: site).register(&project)
        GroupPages(site: site).register(&group)
        projectRoutes = project
        groupRoutes = group
    }

    public func register(_ router: inout Router) {
        site.assets.register(&router)
        SignInPage(site: site).register(&router)
        DashboardPage(site: site).register(&router)
        GroupPages(site: site).registerTopLevel(&router)
        AdminPages(site: site).register(&router)
    }

    /// `/<namespace path>` and `/<namespace path>/-/…`: a project's pages, else a group's.
    public func page(_ request: HTTPRequest) throws -> HTTPResponse? {
        if request.method == "GET" || request.method == "HEAD", let badge = PipelineBadge.parse(request.path) {
            guard let project = site.model.project(path: badge.project, for: try site.context(request).visitor) else { return nil }
            return PipelineBadge.svg(try site.model.latestPipeline(of: project, ref: badge.ref)?.status)
        }
        guard let path = GitLabPath(request.path) else { return nil }
        let visitor = try site.context(request).visitor
        if site.model.project(path: path.namespacePath, for: visitor) != nil {
            return try dispatch(request, path, projectRoutes, param: "project")
        }
        if site.model.group(path: path.namespacePath, for: visitor) != nil {
            return try dispatch(request, path, groupRoutes, param: "group")
        }
        return nil
    }

    private func dispatch(_ request: HTTPRequest, _ path: GitLabPath, _ routes: Router, param: String) throws -> HTTPResponse? {
        guard let (handler, params) = routes.match(method: request.method, path: path.rest ?? "/") else { return nil }
        var routed = request
        routed.params = params.merging([param: path.namespacePath]) { $1 }
        return try handler(routed)
    }

    public func finish(_ response: HTTPResponse, for request: HTTPRequest) -> HTTPResponse {
        guard ErrorPage.wanted(for: request, response), let context = try? site.context(request) else { return response }
        return ErrorPage.render(status: response.status, context)
    }
}
