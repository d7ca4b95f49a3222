import GantryHTTP
import GantryServer

/// `/<project path>`: how to clone it, the newest pipeline of each branch and tag, the badge.
struct ProjectPage {
    let site: Site

    func register(_ router: inout Router) {
        router.add("GET", "/") { request in
            let (context, project) = try site.projectPage(request)
            let path = project.pathWithNamespace
            let cloneURL = "\(site.model.baseURL)/\(path).git"
            let refs = try site.model.latestPerRef(of: project)
            let rows = refs.html { ref in
                let kind: HTML = ref.tag ? "tag" : "branch"
                guard let latest = ref.pipeline else {
                    return "<tr><th scope=\"row\"><code>\(ref.ref)</code></th><td>\(kind)</td><td colspan=\"4\" class=\"muted\">no pipeline</td></tr>"
                }
                let link = Paths.pipeline(path, latest.record.id)
                return """
                    <tr><th scope="row"><code>\(ref.ref)</code></th><td>\(kind)</td>\
                    <td>\(StatusBadge.html(latest.status, link: link))</td><td><a href="\(link)">#\(latest.record.id)</a></td>\
                    <td>\(Moments.time(latest.record.createdAt))</td><td>\(Moments.duration(latest.record.duration))</td></tr>
                    """
            }
            let badge = refs.first { !$0.tag && $0.ref == project.defaultBranch }?.pipeline
            let badgePath = "\(Paths.project(path))/badges/\(project.defaultBranch)/pipeline.svg"
            let badgeHTML: HTML = badge.map {
                "<p>Pipeline on \(project.defaultBranch): \(StatusBadge.html($0.status, link: Paths.pipeline(path, $0.record.id)))</p>"
            } ?? .empty
            let markdown = "[![pipeline](\(site.model.baseURL)\(badgePath))](\(site.model.baseURL)\(Paths.pipelines(path)))"
            return context.page(project.name, crumbs: Crumbs.project(path), """
                <h1>\(project.name)</h1>
                <p class="muted">\(path) · \(project.visibility)</p>
                \(badgeHTML)
                <p class="clone"><label for="clone-url">Clone with HTTP</label>\
                <input type="text" id="clone-url" readonly value="\(cloneURL)"></p>
                <p><img src="\(badgePath)" alt="pipeline status of \(project.defaultBranch)"> \
                <label for="badge-markdown">Badge for a README</label><input type="text" id="badge-markdown" readonly value="\(markdown)"></p>
                <ul class="tabs"><li><a href="\(Paths.pipelines(path))">Pipelines</a></li></ul>
                <h2>Branches and tags</h2>
                <table><thead><tr><th scope="col">Ref</th><th scope="col">Kind</th><th scope="col">Status</th>\
                <th scope="col">Pipeline</th><th scope="col">Created</th><th scope="col">Duration</th></tr></thead>
                <tbody>\(rows)</tbody></table>
                """)
        }
    }
}
