import Foundation
import GantryHTTP
import GantryServer

/// `/<project path>/-/jobs/<id>`: the job's details and buttons (live), and its log: the tail
/// first (`ReadModel.logChunk` bytes at most, so a 50 MB log opens as quickly as a small one),
/// earlier parts on demand and new lines as the job writes them, both from `/log`
/// (`JobLogRoutes`). `/raw` is the whole log as text.
struct JobPage {
    let site: Site

    func register(_ router: inout Router) {
        router.add("GET", "/jobs/:job_id") { request in try show(request) }
        JobLogRoutes(site: site).register(&router)
    }

    /// The job the request names, when the visitor may see its project; else 404.
    static func job(_ site: Site, _ request: HTTPRequest) throws -> (PageContext, ReadModel.JobDetail, String) {
        let (context, project) = try site.projectPage(request)
        guard let id = Int(request.params["job_id"] ?? ""), let job = try site.model.job(id, of: project, for: context.visitor) else {
            throw PageError.notFound
        }
        return (context, job, project.pathWithNamespace)
    }

    /// Links to the HTML reports in the job's artifacts, each opened in its sandboxed frame.
    private func reports(_ job: ReadModel.JobDetail, _ path: String) throws -> HTML {
        let found = try site.model.artifactReports(of: job)
        guard !found.isEmpty else { return .empty }
        let base = Paths.job(path, job.record.id) + "/artifacts/file/"
        return "<nav aria-label=\"Reports\"><h2>Reports</h2><ul class=\"links\">\(found.html { "<li><a href=\"\(base)\(Paths.encoded($0))\">\($0)</a></li>" })</ul></nav>"
    }

    private func show(_ request: HTTPRequest) throws -> HTTPResponse {
        let (context, job, path) = try JobPage.job(site, request)
        let id = job.record.id
        let label = "Job #\(id) details"
        let render = { () throws -> HTML in
            let fresh = try JobPage.job(site, request).1
            return JobDetailsView(job: fresh, projectPath: path, context: context).html
        }
        if let poll = try LiveRegion.answer(request, label: label, render) { return poll }
        let log: HTML
        if let reader = site.model.trace(of: job) {
            log = JobLogView(reader.tail(limit: ReadModel.logChunk), job: job.record, logPath: Paths.job(path, id) + "/log").html
        } else {
            log = "<p class=\"muted\">You may not read this job's log.</p>"
        }
        return context.page("\(job.record.name) (#\(id)) · \(path)",
                            crumbs: Crumbs.project(path, [Layout.Crumb(title: "Pipelines", path: Paths.pipelines(path)),
                                                          Layout.Crumb(title: "#\(job.pipeline.id)", path: Paths.pipeline(path, job.pipeline.id)),
                                                          Layout.Crumb(title: "\(job.record.name) #\(id)", path: Paths.job(path, id))]), """
            <h1>Job <span class="mono">\(job.record.name)</span> #\(id)</h1>
            \(LiveRegion.wrap(request, label: label, try render()))
            \(try reports(job, path))
            \(log)
            """)
    }
}
