import Foundation
import GantryExecution
import GantryEngine
import GantryHTTP
import GantryPipeline
import GantryStore

extension API {
    func registerPipelines(_ router: inout Router) {
        router.add("GET", "/api/v4/projects/:id/pipelines") { request in
            let project = try project(request, try principal(request))
            let params = APIParams(request)
            var filter = PipelineFilter(ref: params["ref"], status: params["status"].flatMap(PipelineStatus.init(rawValue:)),
                                        source: params["source"], sha: params["sha"])
            // A status GitLab does not have matches no pipeline, unless a scope sets the status.
            var unknownStatus = params["status"] != nil && filter.status == nil
            // `scope=running` and `scope=pending` name a status.
            if let scope = params["scope"].flatMap(PipelineStatus.init(rawValue:)), scope == .running || scope == .pending {
                (filter.status, unknownStatus) = (scope, false)
            }
            switch params["scope"] {
            case "finished": filter.statuses = PipelineStatus.allCases.filter(\.isCompleted)
            case "branches": filter.tag = false
            case "tags": filter.tag = true
            default: break
            }
            if unknownStatus { filter.statuses = [] }
            let order: PipelineOrder
            switch params["order_by"] ?? "id" {
            case "id": order = .id
            case "updated_at": order = .updatedAt
            case "ref": order = .ref
            case "status": order = .status
            default: throw APIError.badRequest("order_by does not have a valid value")
            }
            let ascending = params["sort"] == "asc"
            return try list(request, { p in
                try store.pipelines(projectID: project.id, filter: filter, orderBy: order, ascending: ascending, page: p.page,
                                    perPage: p.perPage)
            }, { presenter.pipeline($0, project: project, full: false) })
        }
        // python-gitlab's project.pipelines.latest(): the newest pipeline of the ref's head commit
        // (the default branch when no ref is given), as GitLab's Project#latest_pipeline.
        router.add("GET", "/api/v4/projects/:id/pipelines/latest") { request in
            let project = try project(request, try principal(request))
            let ref = APIParams(request)["ref"] ?? project.defaultBranch
            let head = BareRepository(path: data.repository(projectID: project.id)).resolve(ref)?.sha
            guard let head, let p = try store.pipelines(projectID: project.id, filter: PipelineFilter(ref: ref, sha: head),
                                                       page: 1, perPage: 1).items.first else {
                throw APIError.notFound("")
            }
            return .json(presentPipeline(p, project))
        }
        router.add("GET", "/api/v4/projects/:id/pipelines/:pipeline_id") { request in
            let project = try project(request, try principal(request))
            return .json(presentPipeline(try pipeline(request, of: project), project))
        }
        router.add("GET", "/api/v4/projects/:id/pipelines/:pipeline_id/jobs") { request in
            let project = try project(request, try principal(request))
            let p = try pipeline(request, of: project)
            let params = APIParams(request)
            let scopes = Set(request.query.filter { $0.0 == "scope[]" || $0.0 == "scope" }.map(\.1))
            let jobs = try store.jobs(pipelineID: p.id, includeRetried: params.bool("include_retried") ?? false)
                .filter { scopes.isEmpty || scopes.contains($0.status.rawValue) }
            let artifacts = try Dictionary(uniqueKeysWithValues: jobs.map { ($0.id, try store.artifacts(jobID: $0.id)) })
            let commits = CommitCache(data: data)
            return list(request, all: jobs.map {
                presenter.job($0, pipeline: p, project: project, artifacts: artifacts[$0.id] ?? [], commits: commits)
            })
        }
        router.add("POST", "/api/v4/projects/:id/pipeline") { request in
            let who = try signedIn(request)
            let project = try project(request, who, atLeast: Role.developer)
            let params = APIParams(request)
            guard let ref = params["ref"] else { throw APIError.missing("ref") }
            let repository = BareRepository(path: data.repository(projectID: project.id))
            guard let (sha, tag) = repository.resolve(ref) else {
                throw APIError.invalid("base", "Reference not found")
            }
            switch try coordinator.createPipeline(project: project, ref: ref, tag: tag, sha: sha, beforeSHA: PipelineRecord.noSHA,
                                                  source: params["source"] == "web" ? "web" : "api",
                                                  variables: params.variables.map { ($0.key, $0.value) }, userID: who.user?.id) {
            case .created(let p):
                log.note("pipeline #\(p.id) of \(project.pathWithNamespace) on \(ref): \(p.status.rawValue)")
                return .json(status: 201, presentPipeline(p, project))
            case .notCreated(let reason):
                throw APIError.invalid("base", reason)
            }
        }
        router.add("POST", "/api/v4/projects/:id/pipelines/:pipeline_id/cancel") { request in
            let project = try project(request, try signedIn(request), atLeast: Role.developer)
            let p = try pipeline(request, of: project)
            return .json(presentPipeline(try coordinator.cancel(pipelineID: p.id), project))
        }
        router.add("POST", "/api/v4/projects/:id/pipelines/:pipeline_id/retry") { request in
            let project = try project(request, try signedIn(request), atLeast: Role.developer)
            let p = try pipeline(request, of: project)
            try coordinator.retryFailedJobs(pipelineID: p.id, store: store)
            return .json(status: 201, presentPipeline(try store.pipeline(id: p.id) ?? p, project))
        }
        router.add("GET", "/api/v4/projects/:id/pipelines/:pipeline_id/test_report") { request in
            let project = try project(request, try principal(request))
            let p = try pipeline(request, of: project)
            return .json(try TestReportBuilder(store: store, data: data).report(pipeline: p))
        }
        router.add("GET", "/api/v4/projects/:id/pipelines/:pipeline_id/test_report_summary") { request in
            let project = try project(request, try principal(request))
            let p = try pipeline(request, of: project)
            return .json(try TestReportBuilder(store: store, data: data).summary(pipeline: p))
        }
        // The variables the pipeline was created with (API, trigger): GitLab's read_pipeline_variable,
        // Developers and above, since they may hold secrets.
        router.add("GET", "/api/v4/projects/:id/pipelines/:pipeline_id/variables") { request in
            let project = try project(request, try signedIn(request), atLeast: Role.developer)
            let p = try pipeline(request, of: project)
            let given = (try? JSONSerialization.jsonObject(with: Data(p.variablesJSON.utf8))) as? [[String: String]] ?? []
            return .json(.array(given.map { v in
                .object([("variable_type", .string(v["variable_type"] ?? "env_var")), ("key", .string(v["key"] ?? "")),
                         ("value", .string(v["value"] ?? "")), ("raw", .bool(false))])
            }))
        }
    }
}
