import Foundation
import GantryHTTP
import GantryExecution
import GantryPython
import GantrySigstore
import GantryStore

/// The PyPI registry of projects and groups: uploads, simple-index pages, file downloads and
/// deletes, over the store (metadata) and `PackageStorage` (content). Who may do what is decided
/// by the routes (`API+Packages.swift`); this type is told which projects a request covers.
final class PackageRegistry: Sendable {
    let store: any Store
    let storage: PackageStorage
    /// The path part of the server's external URL ("" or e.g. "/gantry"), put before links.
    let pathPrefix: String
    /// The server's external URL without a trailing slash: provenance URLs are absolute (PEP 740).
    let origin: String
    /// Checks uploads' PEP 740 attestations against the server's own CA and transparency log.
    let attestations: AttestationVerifier
    private let cache = IndexCache()

    init(store: any Store, root: URL, baseURL: String, dataRoot: URL) {
        self.store = store
        storage = PackageStorage(root: root)
        var prefix = URL(string: baseURL)?.path ?? ""
        while prefix.hasSuffix("/") { prefix.removeLast() }
        pathPrefix = prefix
        origin = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        attestations = AttestationVerifier(store: store, dataRoot: dataRoot)
    }

    /// Which projects' packages a request covers, and where its index lives.
    struct Scope: Sendable {
        /// "projects/<id>" or "groups/<id>/-": the path after `/api/v4/` up to `/packages`.
        let path: String
        let projectIDs: [Int]
        /// The group whose forwarding setting applies: the group of a group index, the project's
        /// group; nil for a project of a user's namespace.
        var groupID: Int?

        static func project(_ p: ProjectRecord) -> Scope {
            Scope(path: "projects/\(p.id)", projectIDs: [p.id], groupID: p.namespaceKind == "group" ? p.namespaceID : nil)
        }
    }

    /// Clears what cut uploads and crashes left behind; run once at start-up.
    func sweep() {
        storage.sweep { digest in try store.packageFileCount(sha256: digest) > 0 }
    }

    func upload(_ request: HTTPRequest, project: ProjectRecord, pipelineID: Int?) throws -> (package: PackageRecord, file: PackageFileRecord) {
        let (verifier, origin) = (attestations, origin)
        let upload = PyPIUpload(store: store, storage: storage) { text, file, sha256 in
            try verifier.verify(text, fileName: file.filename,
                                sameFile: { name in (try? DistributionFilename(parsing: name)).map(file.isEquivalent) ?? false },
                                sha256: sha256, projectPath: project.pathWithNamespace, serverURL: origin,
                                serverFQDN: IDTokenContext.fqdn(origin))
        }
        let stored = try upload.receive(request, project: project, pipelineID: pipelineID)
        cache.invalidate()
        return stored
    }

    func uploadGeneric(_ generic: GenericPackage, _ body: HTTPBody, project: ProjectRecord, status: String, pipelineID: Int?) throws
        -> (package: PackageRecord, file: PackageFileRecord) {
        try generic.receive(body, project: project, status: status, pipelineID: pipelineID, store: store, storage: storage)
    }

    // MARK: Simple index

    /// `.../simple`: the projects that have files.
    func rootPage(_ scope: Scope, format: SimpleIndexFormat) throws -> HTTPResponse {
        let key = IndexCache.Key(scope: cacheScope(scope), name: "", format: format)
        let body = try cache.page(key) {
            let names = try store.packageNames(projectIDs: scope.projectIDs, packageType: "pypi")
            return SimpleIndexPage.root(names: names, simplePath: "\(pathPrefix)/api/v4/\(scope.path)/packages/pypi/simple",
                                        format: format)
        }
        return page(body ?? Data(), format)
    }

    /// `.../simple/<name>`: a project's files; a non-normalized name is redirected to its normalized
    /// URL (PEP 503); a name the scope does not hold is redirected to `upstream()`'s page of it
    /// (asked only then), or is a 404. An invalid name is a 404 before anything else: it goes
    /// into `Location` headers.
    func projectPage(_ scope: Scope, name: String, format: SimpleIndexFormat, query: String,
                     upstream: () throws -> String?) throws -> HTTPResponse {
        guard ProjectName.isValid(name) else { throw RegistryError.notFound("Package") }
        let normalized = ProjectName.normalize(name)
        guard normalized == name else {
            let location = "\(pathPrefix)/api/v4/\(scope.path)/packages/pypi/simple/\(normalized)/" + (query.isEmpty ? "" : "?\(query)")
            return HTTPResponse(status: 301, headers: [("Location", location)])
        }
        let key = IndexCache.Key(scope: cacheScope(scope), name: normalized, format: format)
        let body = try cache.page(key) { () throws -> Data? in
            var entries = try store.packageFiles(projectIDs: scope.projectIDs, packageType: "pypi", normalizedName: normalized)
            if entries.isEmpty { return nil }
            if scope.projectIDs.count > 1 { entries = Self.newestPerFileName(entries) }
            return SimpleIndexPage.project(normalizedName: normalized, entries: entries,
                                           filesPath: "\(pathPrefix)/api/v4/\(scope.path)/packages/pypi/files",
                                           provenancePath: "\(origin)/api/v4/\(scope.path)/packages/pypi/files", format: format)
        }
        if let body { return page(body, format) }
        // Decided by normalized name: a name held here is never forwarded, whichever spelling. The
        // name is the normal form of a valid one (`[a-z0-9-]`): no path, query or header in it.
        guard let upstream = try upstream() else { throw RegistryError.notFound("Package") }
        return HTTPResponse(status: 302, headers: [("Location", "\(upstream)/\(normalized)/")])
    }

    /// `.../files/<sha256>/<file name>`: the stored file, sent from disk.
    func download(_ scope: Scope, sha256: String, fileName: String) throws -> HTTPResponse {
        guard let file = try store.packageFile(projectIDs: scope.projectIDs, sha256: sha256.lowercased(), fileName: fileName) else {
            throw RegistryError.notFound("Package file")
        }
        return .file(storage.file(sha256: file.sha256), contentType: "application/octet-stream",
                     headers: [("Content-Disposition", "attachment; filename=\"\(file.fileName)\"")])
    }

    /// `.../files/<sha256>/<file name>/provenance`: the file's PEP 740 provenance object, to whoever
    /// may download the file; a 406 for a client that accepts no JSON (PyPI's integrity API).
    func provenance(_ scope: Scope, sha256: String, fileName: String, accept: String?) throws -> HTTPResponse {
        let contentType: String
        switch accept.flatMap({ $0.isEmpty ? nil : SimpleIndexFormat.acceptedTypes($0) }) {
        case nil: contentType = Provenance.mediaType
        case let types? where types.contains(Provenance.mediaType) || types.contains("*/*") || types.contains("application/*"):
            contentType = Provenance.mediaType
        case let types? where types.contains("application/json"): contentType = "application/json"
        default: return .message(status: 406, "Request not acceptable")
        }
        guard let file = try store.packageFile(projectIDs: scope.projectIDs, sha256: sha256.lowercased(), fileName: fileName) else {
            throw RegistryError.notFound("Package file")
        }
        guard let provenance = try store.packageFileProvenance(fileID: file.id) else {
            return .message(status: 404, "No provenance available for \(file.fileName)")
        }
        return HTTPResponse(status: 200, headers: [("Content-Type", contentType), ("Vary", "Accept")], body: .data(provenance))
    }

    // MARK: Deletes

    func delete(packageID: Int) throws {
        try storage.remove({ try store.deletePackage(id: packageID).map(\.sha256) },
                           isReferenced: { try store.packageFileCount(sha256: $0) > 0 })
        cache.invalidate()
    }

    /// Runs `delete` (a store deletion returning the digests of the files it removed) and removes
    /// the stored content no other file refers to: a project's deletion.
    func delete(_ delete: () throws -> [String]) throws {
        try storage.remove(delete, isReferenced: { try store.packageFileCount(sha256: $0) > 0 })
        cache.invalidate()
    }

    func delete(fileID: Int) throws {
        try storage.remove({ try store.deletePackageFile(id: fileID).map { [$0.sha256] } ?? [] },
                           isReferenced: { try store.packageFileCount(sha256: $0) > 0 })
        cache.invalidate()
    }

    /// A group may hold the same file name in several projects (a fork, a mirror); its index
    /// links the newest upload of each name, as GitLab's group endpoint serves the latest package.
    static func newestPerFileName(_ entries: [(package: PackageRecord, file: PackageFileRecord)])
        -> [(package: PackageRecord, file: PackageFileRecord)] {
        var newest: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            let key = entry.file.fileName.lowercased()
            if let seen = newest[key], entries[seen].file.id > entry.file.id { continue }
            newest[key] = index
        }
        let kept = Set(newest.values)
        return entries.indices.filter(kept.contains).map { entries[$0] }
    }

    private func cacheScope(_ scope: Scope) -> String {
        scope.path.hasPrefix("projects/") ? scope.path : scope.path + ":" + scope.projectIDs.map(String.init).joined(separator: ",")
    }

    private func page(_ body: Data, _ format: SimpleIndexFormat) -> HTTPResponse {
        HTTPResponse(status: 200, headers: [("Content-Type", format.contentType), ("Vary", "Accept")], body: .data(body))
    }
}
