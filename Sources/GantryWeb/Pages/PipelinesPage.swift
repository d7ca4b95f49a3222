import GantryHTTP
import GantryServer

/// `/<project path>/-/pipelines`: the project's pipelines, newest first, filtered by status and
/// ref, a page at a time.
struct PipelinesPage {
    let site: Site
    static let perPage = 20
    static let statuses = ["created", "waiting_for_resource", "pending", "running", "success", "failed", "canceled", "skipped",
                           "manual", "scheduled"]

    func register(_ router: inout Router) {
        router.add("GET", "/pipelines") { request in
            let (context, project) = try site.projectPage(request)
            let status = request.query("status").flatMap { $0.isEmpty ? nil : $0 }
            let ref = request.query("ref").flatMap { $0.isEmpty ? nil : $0 }
            let page = min(max(Int(request.query("page") ?? "") ?? 1, 1), 100_000)
            let path = project.pathWithNamespace
            let render = { () throws -> HTML in
                let found = try site.model.pipelines(of: project, status: status, ref: ref, page: page, perPage: PipelinesPage.perPage)
                return table(found.items, path: path) + pager(request, page: page, total: found.total)
            }
            if let poll = try LiveRegion.answer(request, label: "Pipelines", render) { return poll }
            let options = PipelinesPage.statuses.html { s in
                s == status ? "<option selected>\(s)</option>" : "<option>\(s)</option>"
            }
            return context.page("Pipelines · \(project.name)", crumbs: Crumbs.project(path, [Layout.Crumb(title: "Pipelines", path: Paths.pipelines(path))]), """
                <h1>Pipelines</h1>
                <form class="filters" method="get" action="\(Paths.pipelines(path))" role="search" aria-label="Filter pipelines">
                <div><label for="status">Status</label><select id="status" name="status"><option value="">any</option>\(options)</select></div>
                <div><label for="ref">Branch or tag</label><input type="text" id="ref" name="ref" value="\(ref ?? "")"></div>
                <div><button type="submit">Filter</button></div>
                </form>
                \(LiveRegion.wrap(request, label: "Pipelines", try render()))
                """)
        }
    }

    private func table(_ pipelines: [ReadModel.PipelineSummary], path: String) -> HTML {
        guard !pipelines.isEmpty else { return "<p>No pipelines match.</p>" }
        let rows = pipelines.html { p in
            let link = Paths.pipeline(path, p.record.id)
            return """
                <tr><td>\(StatusBadge.html(p.status, link: link))</td><th scope="row"><a href="\(link)">#\(p.record.id)</a></th>\
                <td><code>\(p.record.ref)</code>\(p.record.tag ? " (tag)" : "")</td><td><code>\(String(p.record.sha.prefix(8)))</code></td>\
                <td>\(p.record.source)</td><td>\(p.user?.username ?? "–")</td><td>\(Moments.time(p.record.createdAt))</td>\
                <td>\(Moments.duration(p.record.duration))</td></tr>
                """
        }
        return """
            <table><thead><tr><th scope="col">Status</th><th scope="col">Pipeline</th><th scope="col">Ref</th><th scope="col">Commit</th>\
            <th scope="col">Source</th><th scope="col">Started by</th><th scope="col">Created</th><th scope="col">Duration</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }

    private func pager(_ request: HTTPRequest, page: Int, total: Int) -> HTML {
        let pages = max(1, (total + PipelinesPage.perPage - 1) / PipelinesPage.perPage)
        func link(_ n: Int, _ text: String) -> HTML {
            var query = request.query.filter { $0.0 != "page" && $0.0 != "live" }
            query.append(("page", String(n)))
            let target = request.path + "?" + query.map { "\(PercentEncoding.encodeQueryComponent($0.0))=\(PercentEncoding.encodeQueryComponent($0.1))" }
                .joined(separator: "&")
            return "<a class=\"button\" href=\"\(target)\">\(text)</a>"
        }
        return """
            <nav class="pager" aria-label="Pages">\(page > 1 ? link(page - 1, "← Newer") : .empty)\
            <span>Page \(page) of \(pages) · \(total) pipelines</span>\(page < pages ? link(page + 1, "Older →") : .empty)</nav>
            """
    }
}
