import Foundation
import GantryCrypto
import GantryHTTP
import GantryPipeline
import GantryStore

/// `/projects/:id/repository/tree` and `/repository/files/:file_path` (get with base64 content,
/// `HEAD` for the metadata headers, `/raw`, and create, update and delete through the API).
/// A write makes a commit without a working tree, moves the branch only if it still points where
/// it was read (`update-ref` with the old value), and starts the branch's pipeline as a push does.
extension API {
    func registerRepositoryFiles(_ router: inout Router) {
        let base = "/api/v4/projects/:id/repository"
        router.add("GET", base + "/tree") { request in
            let (project, _) = try codeProject(request)
            let reader = reader(project)
            let params = APIParams(request)
            var path = params["path"] ?? ""
            while path.hasSuffix("/") { path.removeLast() }
            if !path.isEmpty {
                guard let valid = GitNames.filePath(path) else { throw Self.invalidParameter("path", "should be a valid file path") }
                path = valid
            }
            let sha = try commit(reader, params["ref"] ?? project.defaultBranch, or: "Tree")
            guard let entries = reader.tree(at: sha, path: path, recursive: params.bool("recursive") == true) else {
                throw APIError.notFound("Tree")
            }
            // GitLab's Tree#sorted_entries: trees, then blobs, then submodules, each in git's order.
            let order = ["tree": 0, "blob": 1]
            let sorted = entries.enumerated().sorted { (order[$0.element.type] ?? 2, $0.offset) < (order[$1.element.type] ?? 2, $1.offset) }
            return list(request, all: sorted.map { entities(project).treeEntry($0.element) })
        }
        router.add("GET", base + "/blobs/:sha") { request in
            let (project, _) = try codeProject(request)
            let reader = reader(project)
            guard let (id, size) = reader.blobID(request.params["sha"] ?? "") else { throw APIError.notFound("Blob") }
            guard size <= Self.maxJSONFileBytes else { throw APIError(413, "413 File too large for the JSON answer: use /raw") }
            guard let bytes = reader.blob(id) else { throw APIError.notFound("Blob") }
            return .json(.object([("size", .int(size)), ("encoding", .string("base64")), ("content", .string(bytes.base64EncodedString())),
                                  ("sha", .string(id))]))
        }
        router.add("GET", base + "/blobs/:sha/raw") { request in
            let (project, _) = try codeProject(request)
            let reader = reader(project)
            guard let (id, _) = reader.blobID(request.params["sha"] ?? "") else { throw APIError.notFound("Blob") }
            return try rawBlob(reader, id: id, name: id, headers: [])
        }
        router.add("GET", base + "/files/:file_path") { request in
            let (project, _) = try codeProject(request)
            guard let ref = APIParams(request)["ref"], !ref.isEmpty else { throw Self.invalidParameter("ref", "is missing") }
            let file = try blob(request, project, ref: ref)
            guard file.entry.size ?? 0 <= Self.maxJSONFileBytes else {
                throw APIError(413, "413 File too large for the JSON answer: use /raw")
            }
            guard let bytes = file.reader.blob(file.entry.id) else { throw APIError.notFound("File") }
            // HEAD: the metadata headers only (the server drops the body anyway).
            if request.method == "HEAD" { return HTTPResponse(status: 200, headers: file.headers(sha256: SHA256Digest.hex(bytes))) }
            var fields = file.metadata.map { ($0.key, $0.value) }
            fields.append(("content", .string(bytes.base64EncodedString())))
            return .json(.object(fields), headers: file.headers(sha256: SHA256Digest.hex(bytes)))
        }
        router.add("GET", base + "/files/:file_path/raw") { request in
            let (project, _) = try codeProject(request)
            let ref = APIParams(request)["ref"].flatMap { $0.isEmpty ? nil : $0 } ?? project.defaultBranch
            let file = try blob(request, project, ref: ref, allowLeadingSlash: true)
            return try rawBlob(file.reader, id: file.entry.id, name: file.entry.name, headers: file.headers(sha256: nil))
        }
        router.add("POST", base + "/files/:file_path") { request in try commitFile(request, .create) }
        router.add("PUT", base + "/files/:file_path") { request in try commitFile(request, .update) }
        router.add("DELETE", base + "/files/:file_path") { request in try commitFile(request, .delete) }
    }

    /// A blob's bytes streamed from a temporary file, never as a type a browser would render: the
    /// file is someone's upload.
    private func rawBlob(_ reader: RepositoryReader, id: String, name: String, headers: [(String, String)]) throws -> HTTPResponse {
        let out = data.temporary.appendingPathComponent("raw-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: out.path, contents: nil), reader.blob(id, to: out) != nil else {
            try? FileManager.default.removeItem(at: out)
            throw APIError.notFound("File")
        }
        let head = (try? FileHandle(forReadingFrom: out)).flatMap { h in defer { try? h.close() }; return try? h.read(upToCount: 8000) } ?? Data()
        let binary = head.contains(0) || String(data: head, encoding: .utf8) == nil && head.count < 8000
        return HTTPResponse(status: 200, headers: headers + [
            ("Content-Type", binary ? "application/octet-stream" : "text/plain; charset=utf-8"),
            ("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-cache"),
            ("Content-Disposition", "inline; filename=\"\(name.replacingOccurrences(of: "\"", with: "_"))\""),
        ], body: .file(out, deleteAfterSending: true))
    }

    /// The JSON answer carries the file base64-encoded in memory; larger files are read with `/raw`.
    static let maxJSONFileBytes = 64 << 20

    /// A blob of a commit as the files routes find it, with GitLab's metadata about it.
    private struct FoundFile {
        let reader: RepositoryReader
        let entry: RepositoryReader.Entry
        let ref: String
        let commit: String
        let lastCommit: String

        var metadata: KeyValuePairs<String, JSONValue> {
            ["file_name": .string(entry.name), "file_path": .string(entry.path), "size": .int(entry.size ?? 0),
             "encoding": .string("base64"), "ref": .string(ref), "blob_id": .string(entry.id), "commit_id": .string(commit),
             "last_commit_id": .string(lastCommit), "execute_filemode": .bool(entry.mode == "100755")]
        }

        /// `X-Gitlab-*`: what `HEAD` answers with (and GET, and raw).
        func headers(sha256: String?) -> [(String, String)] {
            var h: [(String, String)] = [
                ("X-Gitlab-File-Name", entry.name), ("X-Gitlab-File-Path", entry.path), ("X-Gitlab-Size", String(entry.size ?? 0)),
                ("X-Gitlab-Encoding", "base64"), ("X-Gitlab-Ref", ref), ("X-Gitlab-Blob-Id", entry.id), ("X-Gitlab-Commit-Id", commit),
                ("X-Gitlab-Last-Commit-Id", lastCommit), ("X-Gitlab-Execute-Filemode", entry.mode == "100755" ? "true" : "false"),
            ]
            if let sha256 { h.append(("X-Gitlab-Content-Sha256", sha256)) }
            // A header value cannot hold a line break; a path with one is sent percent-encoded.
            return h.map { ($0.0, $0.1.contains(where: { $0.isNewline }) ? PercentEncoding.encodeQueryComponent($0.1) : $0.1) }
        }
    }

    private func blob(_ request: HTTPRequest, _ project: ProjectRecord, ref: String, allowLeadingSlash: Bool = false) throws -> FoundFile {
        guard let path = GitNames.filePath(request.params["file_path"] ?? "", allowLeadingSlash: allowLeadingSlash) else {
            throw Self.invalidParameter("file_path", "should be a valid file path")
        }
        let reader = reader(project)
        let sha = try commit(reader, ref, or: "Commit")
        guard let entry = reader.entry(at: sha, path: path), entry.type == "blob" else { throw APIError.notFound("File") }
        return FoundFile(reader: reader, entry: entry, ref: ref, commit: sha, lastCommit: reader.lastCommit(at: sha, path: path) ?? sha)
    }

    private func commitFile(_ request: HTTPRequest, _ kind: FileChange.Kind) throws -> HTTPResponse {
        let (project, user, role) = try pushableProject(request)
        guard let path = GitNames.filePath(request.params["file_path"] ?? "") else {
            throw Self.invalidParameter("file_path", "should be a valid file path")
        }
        let params = APIParams(request)
        guard let branch = params["branch"], !branch.isEmpty else { throw Self.invalidParameter("branch", "is missing") }
        guard let message = params["commit_message"], !message.isEmpty else { throw Self.invalidParameter("commit_message", "is missing") }
        var content: Data?
        if kind != .delete {
            guard let text = params["content"] else { throw Self.invalidParameter("content", "is missing") }
            content = try Self.decodeContent(text, encoding: params["encoding"])
        }
        let change = FileChange(kind: kind, path: path, content: content, executable: params.bool("execute_filemode"),
                                lastCommitID: kind == .update ? params["last_commit_id"] : nil)
        _ = try commitChanges(CommitOrder(branch: branch, startBranch: params["start_branch"], message: message,
                                          authorName: params["author_name"], authorEmail: params["author_email"], changes: [change]),
                              project: project, user: user, role: role)
        let answer = JSONValue.object([("file_path", .string(path)), ("branch", .string(branch))])
        return kind == .delete ? .empty(status: 204) : .json(status: kind == .create ? 201 : 200, answer)
    }
}
