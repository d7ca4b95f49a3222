import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

/// Gantry's extension for `gantry pipelines`: every project of a group and its subgroups with its
/// newest pipeline, in one request instead of GitLab's 1 + 2N. Under `/api/v4/gantry/`, a prefix
/// GitLab has no route under, so a client can try it anywhere and fall back on a 404.
/// Access is the group projects list's: a caller sees the projects it may read, nothing else.
extension API {
    func registerGroupLatestPipelines(_ router: inout Router) {
        router.add("GET", "/api/v4/gantry/groups/:id/latest_pipelines") { request in
            let who = try principal(request)
            let g = try group(request, who)
            let params = APIParams(request)
            return try list(request, { p in
                try LatestPipelines(store: store).page(of: g, viewer: access.viewer(who), ref: params["ref"], page: p.page, perPage: p.perPage)
            }, { row in
                .object([("project", identity(row.project)),
                         ("pipeline", row.pipeline.map { monitorPipeline($0, row.project) } ?? .null)])
            })
        }
    }

    /// The project's identity fields (GitLab's names), not the full entity: a monitor needs no more,
    /// and the full one is most of the answer's size and time.
    private func identity(_ p: ProjectRecord) -> JSONValue {
        .object([("id", .int(p.id)), ("name", .string(p.name)), ("path", .string(p.path)),
                 ("path_with_namespace", .string(p.pathWithNamespace)), ("default_branch", .string(p.defaultBranch)),
                 ("visibility", .string(p.visibility)), ("web_url", .string("\(baseURL)/\(p.pathWithNamespace)"))])
    }

    /// The basic pipeline entity plus what a monitor shows (who, when, how long), without the full
    /// entity's git read per pipeline, which would cost a process per project.
    private func monitorPipeline(_ p: PipelineRecord, _ project: ProjectRecord) -> JSONValue {
        guard case .object(var fields) = presenter.pipeline(p, project: project, full: false) else { return .null }
        let user = p.userID.flatMap { try? store.user(id: $0) }
        fields += [("user", user.map { presenter.user($0) } ?? .null), ("started_at", Presenter.date(p.startedAt)),
                   ("finished_at", Presenter.date(p.finishedAt)), ("duration", p.duration.map { .int(Int($0.rounded())) } ?? .null)]
        return .object(fields)
    }
}
