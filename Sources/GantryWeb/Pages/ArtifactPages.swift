import Foundation
import GantryHTTP
import GantryServer

/// A job's artifacts at GitLab's paths: `/-/jobs/<id>/artifacts/browse[/<folder>]` lists the
/// archive, `/file/<path>` shows an HTML report in a sandboxed frame (other files download),
/// `/raw/<path>` downloads one file, `/download` the whole zip. Reports are served from
/// `/preview/<path>` with their own Content-Security-Policy: `sandbox` without `allow-scripts`
/// and `allow-same-origin` (no script runs; the document has an opaque origin, so it cannot read
/// the session's cookie or call the server as the visitor), nothing loaded from elsewhere.
/// Archive names come from jobs: they are only compared with the archive's own entry names.
struct ArtifactPages {
    let site: Site

    func register(_ router: inout Router) {
        router.add("GET", "/jobs/:job_id/artifacts/browse") { request in try browse(request, folder: "") }
        router.add("GET", "/jobs/:job_id/artifacts/browse/*path") { request in try browse(request, folder: request.params["path"] ?? "") }
        router.add("GET", "/jobs/:job_id/artifacts/file/*path") { request in try file(request) }
        router.add("GET", "/jobs/:job_id/artifacts/raw/*path") { request in try download(request) }
        router.add("GET", "/jobs/:job_id/artifacts/preview/*path") { request in try preview(request) }
        router.add("GET", "/jobs/:job_id/artifacts/download") { request in
            let (_, job, _) = try JobPage.job(site, request)
            guard let zip = try site.model.artifactArchive(of: job) else { throw PageError.notFound }
            return .file(zip, contentType: "application/zip",
                         headers: [("Content-Disposition", "attachment; filename=\"artifacts.zip\"")] + HTTPResponse.pageHeaders)
        }
    }

    /// The policy of a report: no script, no plugin, no form, nothing from elsewhere; its own
    /// styles and images (and inline styles, which coverage reports use) only.
    static let previewPolicy = "sandbox; default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'self'"

    private func browse(_ request: HTTPRequest, folder: String) throws -> HTTPResponse {
        let (context, job, path) = try JobPage.job(site, request)
        let found: ReadModel.ArtifactFolder?
        do {
            found = try site.model.artifactFolder(folder, of: job)
        } catch let error as CustomStringConvertible {
            return context.page("Artifacts", status: 422, "<h1>Artifacts</h1><p class=\"flash error\">\(error.description)</p>")
        }
        guard let listing = found, folder.isEmpty || !listing.items.isEmpty else { throw PageError.notFound }
        let base = Paths.job(path, job.record.id) + "/artifacts"
        let rows = listing.items.html { item -> HTML in
            let link: HTML
            switch item.kind {
            case .directory: link = "<a href=\"\(base)/browse/\(Paths.encoded(item.path))\">\(item.name)/</a>"
            case .file: link = "<a href=\"\(base)/file/\(Paths.encoded(item.path))\">\(item.name)</a>"
            case .symlink: link = "\(item.name) <span class=\"muted\">(symbolic link, not followed)</span>"
            case .other: link = "\(item.name)"
            }
            let size: HTML = item.kind == .file ? "\(ArtifactPages.size(item.size))" : .empty
            let get: HTML = item.kind == .file ? "<a href=\"\(base)/raw/\(Paths.encoded(item.path))\" download>Download</a>" : .empty
            return "<tr><td class=\"mono\">\(link)</td><td>\(size)</td><td>\(get)</td></tr>"
        }
        let up: HTML = folder.isEmpty ? .empty : {
            let parent = folder.split(separator: "/").dropLast().joined(separator: "/")
            return "<p><a href=\"\(base)/browse\(parent.isEmpty ? "" : "/" + Paths.encoded(parent))\">↑ Up</a></p>"
        }()
        let refused: HTML = listing.refused == 0 ? .empty
            : "<p class=\"flash\">\(listing.refused) entries with unsafe names (absolute, `..`) are not shown.</p>"
        return context.page("Artifacts · \(job.record.name) #\(job.record.id)",
                            crumbs: Crumbs.project(path, [Layout.Crumb(title: "\(job.record.name) #\(job.record.id)", path: Paths.job(path, job.record.id)),
                                                          Layout.Crumb(title: "Artifacts", path: base + "/browse")]), """
            <h1>Artifacts of <span class="mono">\(job.record.name)</span> #\(job.record.id)\(folder.isEmpty ? "" : " / \(folder)")</h1>
            <p><a href="\(base)/download">Download the whole archive</a></p>
            \(refused)\(up)
            <table><thead><tr><th scope="col">Name</th><th scope="col">Size</th><th scope="col"><span class="muted">Download</span></th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """)
    }

    /// An HTML report in a sandboxed frame; any other file downloads.
    private func file(_ request: HTTPRequest) throws -> HTTPResponse {
        let name = request.params["path"] ?? ""
        guard ArtifactPages.isHTML(name) else { return try download(request) }
        let (context, job, path) = try JobPage.job(site, request)
        let base = Paths.job(path, job.record.id) + "/artifacts"
        var page = context.page("\(name) · \(job.record.name) #\(job.record.id)",
                                crumbs: Crumbs.project(path, [Layout.Crumb(title: "\(job.record.name) #\(job.record.id)", path: Paths.job(path, job.record.id)),
                                                              Layout.Crumb(title: "Artifacts", path: base + "/browse")]), """
            <h1 class="mono">\(name)</h1>
            <p><a href="\(base)/raw/\(Paths.encoded(name))" download>Download</a> · <span class="muted">Shown in a sandbox: its scripts do not run.</span></p>
            <iframe class="report" sandbox title="\(name)" src="\(base)/preview/\(Paths.encoded(name))"></iframe>
            """)
        // This page alone may frame this server's own reports; everything else of its policy stays.
        page.headers = page.headers.map { name, value in
            name == "Content-Security-Policy" ? (name, value.replacingOccurrences(of: "default-src 'none';", with: "default-src 'none'; frame-src 'self';")) : (name, value)
        }
        return page
    }

    private func download(_ request: HTTPRequest) throws -> HTTPResponse {
        let (_, job, _) = try JobPage.job(site, request)
        let name = request.params["path"] ?? ""
        guard let copy = try site.model.artifactFile(name, of: job) else { throw PageError.notFound }
        return .file(copy, deleteAfterSending: true, headers: [
            ("Content-Disposition", "attachment; filename=\"\(ReadModel.ArtifactFolder.Item.downloadName(name))\""),
            ("X-Content-Type-Options", "nosniff"), ("Content-Security-Policy", ArtifactPages.previewPolicy),
        ])
    }

    private func preview(_ request: HTTPRequest) throws -> HTTPResponse {
        let (_, job, _) = try JobPage.job(site, request)
        let name = request.params["path"] ?? ""
        guard let copy = try site.model.artifactFile(name, of: job) else { throw PageError.notFound }
        return .file(copy, contentType: ArtifactPages.contentType(name), deleteAfterSending: true, headers: [
            ("Content-Security-Policy", ArtifactPages.previewPolicy), ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "SAMEORIGIN"), ("Referrer-Policy", "no-referrer"), ("Cache-Control", "no-store"),
        ])
    }

    static func isHTML(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".html") || lower.hasSuffix(".htm")
    }

    /// What a report's own files are served as; anything not listed is plain text (never script).
    static func contentType(_ name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "svg": return "image/svg+xml"
        case "woff2": return "font/woff2"
        default: return "text/plain; charset=utf-8"
        }
    }

    static func size(_ bytes: Int) -> String {
        bytes < 1024 ? "\(bytes) B" : bytes < 1 << 20 ? "\(bytes / 1024) KB" : String(format: "%.1f MB", Double(bytes) / Double(1 << 20))
    }
}
