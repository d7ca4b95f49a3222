import GantryHTTP
import GantryServer
import GantryStore

/// `/<project path>/-/packages`: the project's Python packages, newest version first, each with
/// its files (size, sha256, a download link at the PyPI route pip uses), and the
/// `pip install --index-url` lines for this project's index and its group's.
struct PackagesPage {
    let site: Site
    /// Versions shown; the rest are counted (the API lists them all).
    static let shown = 50

    func register(_ router: inout Router) {
        router.add("GET", "/packages") { request in try show(request) }
    }

    /// Who signed a file's PEP 740 attestations: the pipeline ref and job of their certificate
    /// (checked against the server's CA at upload), linked to the provenance object.
    private func provenance(_ file: PackageFileRecord, _ download: String) -> HTML {
        guard let identity = file.attestedIdentity else { return .empty }
        let ref = identity.split(separator: "@").last.map(String.init) ?? identity
        let job: HTML = file.attestedJob.map { url in
            let id = url.split(separator: "/").last.map(String.init) ?? url
            return " by <a href=\"\(url)\">job \(id)</a>"
        } ?? .empty
        return """
             <span class="provenance" title="\(identity)">signed in a pipeline of <code>\(ref)</code>\(job) \
            (<a href="\(download)/provenance">provenance</a>)</span>
            """
    }

    private func show(_ request: HTTPRequest) throws -> HTTPResponse {
        let (context, project) = try site.projectPage(request)
        guard let found = try site.model.pythonPackages(of: project, for: context.visitor, page: 1, perPage: PackagesPage.shown) else {
            throw PageError.notFound
        }
        let path = project.pathWithNamespace
        let indexes = site.model.packageIndexes(of: project)
        let name = found.items.first?.package.name ?? "<package>"
        func install(_ index: String) -> String {
            let url = indexes.needsToken ? index.replacingOccurrences(of: "://", with: "://__token__:<your_personal_token>@") : index
            return "pip install --index-url \(url) \(name)"
        }
        let lines: HTML = """
            <h2>Install</h2>
            <label for="pip-project">From this project</label><input id="pip-project" type="text" class="mono wide" readonly value="\(install(indexes.project))">
            \(indexes.group.map { "<label for=\"pip-group\">From its group (every project of the group)</label><input id=\"pip-group\" type=\"text\" class=\"mono wide\" readonly value=\"\(install($0))\">" as HTML })
            """
        let rows = found.items.html { version -> HTML in
            let files = version.files.html { f -> HTML in
                let download = "/api/v4/projects/\(project.id)/packages/pypi/files/\(f.sha256)/\(Paths.encoded(f.fileName))"
                return "<li><a class=\"mono\" href=\"\(download)\">\(f.fileName)</a> <span class=\"muted\">\(ArtifactPages.size(f.size))</span> <code class=\"sha\">sha256:\(f.sha256)</code>\(provenance(f, download))</li>"
            }
            return """
                <tr><td class="mono">\(version.package.name)</td><td class="mono">\(version.package.version)</td>\
                <td>\(Moments.time(version.package.createdAt))</td><td><ul class="files">\(files)</ul></td></tr>
                """
        }
        let more: HTML = found.total > found.items.count ? "<p class=\"muted\">\(found.total - found.items.count) older versions are not shown.</p>" : .empty
        let list: HTML = found.items.isEmpty ? "<p class=\"muted\">No Python packages yet: upload with twine to the index below.</p>" : """
            <table><thead><tr><th scope="col">Package</th><th scope="col">Version</th><th scope="col">Published</th><th scope="col">Files</th></tr></thead>
            <tbody>\(rows)</tbody></table>\(more)
            """
        return context.page("Packages · \(path)", crumbs: Crumbs.project(path, [Layout.Crumb(title: "Packages", path: Paths.project(path) + "/-/packages")]),
                            "<h1>Packages</h1>\(list)\(lines)")
    }
}
