import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

/// `/projects/:id/repository/commits` (list with `ref_name`, `since`, `until`, `path`, `all`,
/// `first_parent`, `order`; one commit with its stats and latest pipeline) and
/// `/repository/compare` (the commits and per-file diffs between two refs).
extension API {
    func registerRepositoryCommits(_ router: inout Router) {
        let base = "/api/v4/projects/:id/repository"
        router.add("GET", base + "/commits") { request in
            let (project, _) = try codeProject(request)
            let reader = reader(project)
            let params = APIParams(request)
            var revisions: [String]
            if params.bool("all") == true {
                revisions = ["--branches", "--tags"]
            } else {
                let ref = params["ref_name"].flatMap { $0.isEmpty ? nil : $0 } ?? project.defaultBranch
                // A ref that names nothing has no commits (GitLab answers an empty list).
                revisions = reader.resolve(ref).map { [$0] } ?? []
            }
            var options: [String] = []
            for (name, flag) in [("since", "--since"), ("until", "--until")] {
                guard let text = params[name] else { continue }
                guard let date = Self.isoDate(text) else { throw Self.invalidParameter(name, "is invalid") }
                options.append("\(flag)=\(Int(date.timeIntervalSince1970))")
            }
            if params.bool("first_parent") == true { options.append("--first-parent") }
            switch params["order"] ?? "default" {
            case "default": break
            case "topo": options.append("--topo-order")
            default: throw Self.invalidParameter("order", "does not have a valid value")
            }
            var paths: [String] = []
            if let path = params["path"], !path.isEmpty {
                guard let valid = GitNames.filePath(path) else { throw Self.invalidParameter("path", "should be a valid file path") }
                paths = [valid]
            }
            guard !revisions.isEmpty else { return list(request, all: []) }
            let pagination = Pagination(APIParams(request))
            let total = reader.count(revisions, options: options, paths: paths)
            let page = pagination.offset >= total ? [] : reader.log(revisions, options: options, paths: paths, skip: pagination.offset,
                                                                    limit: pagination.perPage)
            let entities = entities(project)
            let withStats = params.bool("with_stats") == true
            let shown = page.map { c -> JSONValue in
                withStats ? entities.commitDetail(c, stats: reader.stats(c.id), lastPipeline: nil, status: nil) : entities.commit(c)
            }
            return .json(.array(shown), headers: pagination.headers(total: total, request: request, baseURL: baseURL))
        }
        router.add("GET", base + "/commits/:sha") { request in
            let (project, _) = try codeProject(request)
            let reader = reader(project)
            let sha = try commit(reader, request.params["sha"], or: "Commit")
            guard let c = reader.commit(sha) else { throw APIError.notFound("Commit") }
            let latest = try store.pipelines(projectID: project.id, filter: PipelineFilter(sha: sha), orderBy: .id, ascending: false,
                                             page: 1, perPage: 1).items.first
            let stats = APIParams(request).bool("stats") == false ? nil : reader.stats(sha)
            return .json(entities(project).commitDetail(c, stats: stats, lastPipeline: latest.map { presenter.pipeline($0, project: project, full: false) },
                                                        status: latest?.status.rawValue))
        }
        router.add("GET", base + "/commits/:sha/diff") { request in
            let (project, _) = try codeProject(request)
            let reader = reader(project)
            let sha = try commit(reader, request.params["sha"], or: "Commit")
            guard let c = reader.commit(sha) else { throw APIError.notFound("Commit") }
            return list(request, all: reader.diff(from: c.parents.first ?? RepositoryReader.emptyTree, to: sha).map(entities(project).diff))
        }
        router.add("GET", base + "/commits/:sha/refs") { request in
            let (project, _) = try codeProject(request)
            let reader = reader(project)
            let sha = try commit(reader, request.params["sha"], or: "Commit")
            let type = APIParams(request)["type"] ?? "all"
            guard ["branch", "tag", "all"].contains(type) else { throw Self.invalidParameter("type", "does not have a valid value") }
            var refs: [JSONValue] = []
            for (kind, name) in [("heads", "branch"), ("tags", "tag")] where type == "all" || type == name {
                refs += reader.refs(kind).filter { reader.isAncestor(sha, of: $0.commit) }
                    .map { .object([("type", .string(name)), ("name", .string($0.name))]) }
            }
            return list(request, all: refs)
        }
        router.add("POST", base + "/commits") { request in
            let (project, user, role) = try pushableProject(request)
            let body = (try? request.bodyData()).flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any] ?? [:]
            let params = APIParams(request)
            guard let branch = params["branch"], !branch.isEmpty else { throw Self.invalidParameter("branch", "is missing") }
            guard let message = params["commit_message"], !message.isEmpty else { throw Self.invalidParameter("commit_message", "is missing") }
            guard let actions = body["actions"] as? [[String: Any]], !actions.isEmpty else { throw Self.invalidParameter("actions", "is missing") }
            let changes = try actions.enumerated().map { i, action in try Self.fileChange(action, index: i) }
            let sha = try commitChanges(CommitOrder(branch: branch, startBranch: params["start_branch"], message: message,
                                                    authorName: params["author_name"], authorEmail: params["author_email"], changes: changes),
                                        project: project, user: user, role: role)
            let reader = reader(project)
            guard let c = reader.commit(sha) else { throw APIError.notFound("Commit") }
            let stats = params.bool("stats") == false ? nil : reader.stats(sha)
            return .json(status: 201, entities(project).commitDetail(c, stats: stats, lastPipeline: nil, status: nil))
        }
        router.add("GET", base + "/compare") { request in
            let (project, _) = try codeProject(request)
            let reader = reader(project)
            let params = APIParams(request)
            guard let fromRef = params["from"], !fromRef.isEmpty else { throw APIError.missing("from") }
            guard let toRef = params["to"], !toRef.isEmpty else { throw APIError.missing("to") }
            guard let from = reader.resolve(fromRef), let to = reader.resolve(toRef) else { throw APIError.notFound("Ref") }
            // GitLab compares from the merge base unless `straight=true` (`from..to` against `from...to`).
            let base = params.bool("straight") == true ? from : (reader.mergeBase(from, to) ?? from)
            let commits = reader.log([to, "^" + from])
            let entities = entities(project)
            return .json(.object([
                ("commit", commits.first.map(entities.commit) ?? .null),
                ("commits", .array(commits.reversed().map(entities.commit))),
                ("diffs", .array(reader.diff(from: base, to: to).map(entities.diff))),
                ("compare_timeout", .bool(false)), ("compare_same_ref", .bool(fromRef == toRef)),
                ("web_url", .string("\(baseURL)/\(project.pathWithNamespace)/-/compare/\(from)...\(to)")),
            ]))
        }
    }

    /// One entry of `actions`, with Grape's messages naming it (`actions[0][file_path] ...`).
    private static func fileChange(_ action: [String: Any], index: Int) throws -> FileChange {
        let name = { (key: String) in "actions[\(index)][\(key)]" }
        let text = { (key: String) -> String? in
            switch action[key] {
            case let s as String: return s
            case let n as NSNumber: return n.stringValue
            default: return nil
            }
        }
        guard let kind = text("action").flatMap(FileChange.Kind.init(rawValue:)) else {
            throw invalidParameter(name("action"), "does not have a valid value")
        }
        guard let path = text("file_path").flatMap({ GitNames.filePath($0) }) else {
            throw invalidParameter(name("file_path"), text("file_path") == nil ? "is missing" : "should be a valid file path")
        }
        var previous: String?
        if let raw = text("previous_path") {
            guard let valid = GitNames.filePath(raw) else { throw invalidParameter(name("previous_path"), "should be a valid file path") }
            previous = valid
        }
        var content: Data?
        if let raw = text("content") {
            content = try decodeContent(raw, encoding: text("encoding"))
        } else if kind == .create || kind == .update {
            throw invalidParameter(name("content"), "is missing")
        }
        var executable: Bool?
        if let flag = action["execute_filemode"] { executable = (flag as? Bool) ?? ((flag as? String) == "true") }
        if kind == .chmod && executable == nil { throw invalidParameter(name("execute_filemode"), "is missing") }
        return FileChange(kind: kind, path: path, previousPath: previous, content: content, executable: executable,
                          lastCommitID: text("last_commit_id"))
    }

    /// An ISO 8601 time as Grape's DateTime takes it: with or without fractions, or a bare date.
    static func isoDate(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return full.date(from: text) ?? fractional.date(from: text) ?? day.date(from: text)
    }
}
