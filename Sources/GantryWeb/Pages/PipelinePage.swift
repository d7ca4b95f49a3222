import Foundation
import GantryHTTP
import GantryServer

/// `/<project path>/-/pipelines/<id>`: the pipeline graph (stages as columns, `needs:` as edges,
/// play, retry and cancel), and its tabs `/failures` (failed jobs) and `/test_report` (GitLab's
/// paths). The graph and the header follow the pipeline live.
struct PipelinePage {
    let site: Site

    enum Tab: String, CaseIterable {
        case pipeline, failures, tests = "test_report"

        var title: String {
            switch self {
            case .pipeline: return "Pipeline"
            case .failures: return "Failed jobs"
            case .tests: return "Tests"
            }
        }
    }

    func register(_ router: inout Router) {
        router.add("GET", "/pipelines/:pipeline_id") { request in try show(request, .pipeline) }
        router.add("GET", "/pipelines/:pipeline_id/failures") { request in try show(request, .failures) }
        router.add("GET", "/pipelines/:pipeline_id/test_report") { request in try show(request, .tests) }
    }

    private func show(_ request: HTTPRequest, _ tab: Tab) throws -> HTTPResponse {
        let (context, project) = try site.projectPage(request)
        guard let id = Int(request.params["pipeline_id"] ?? "") else { throw PageError.notFound }
        let path = project.pathWithNamespace
        // A pipeline of another project, or none, is a 404 (thrown by the first render).
        let render = { () throws -> HTML in
            guard let detail = try site.model.pipeline(id, of: project, for: context.visitor) else { throw PageError.notFound }
            let view = PipelineView(detail: detail, projectPath: path, context: context)
            switch tab {
            case .pipeline: return view.header + view.graph
            case .failures: return view.header + view.failures
            case .tests: return view.header + TestReportView.html(try site.model.testReport(of: detail.record))
            }
        }
        if let poll = try LiveRegion.answer(request, label: "Pipeline #\(id)", render) { return poll }
        // The test report is read from the junit files: drawn once, not re-read every second.
        let region = tab == .tests ? try render() : LiveRegion.wrap(request, label: "Pipeline #\(id)", try render())
        let tabs = Tab.allCases.html { t in
            let target = Paths.pipeline(path, id) + (t == .pipeline ? "" : "/\(t.rawValue)")
            return t == tab ? "<li><a href=\"\(target)\" aria-current=\"page\">\(t.title)</a></li>" : "<li><a href=\"\(target)\">\(t.title)</a></li>"
        }
        return context.page("Pipeline #\(id) · \(project.name)",
                            crumbs: Crumbs.project(path, [Layout.Crumb(title: "Pipelines", path: Paths.pipelines(path)),
                                                          Layout.Crumb(title: "#\(id)", path: Paths.pipeline(path, id))]), """
            <h1>Pipeline #\(id)</h1>
            <nav aria-label="Pipeline tabs"><ul class="tabs">\(tabs)</ul></nav>
            \(region)
            """)
    }
}
