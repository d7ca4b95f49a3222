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
