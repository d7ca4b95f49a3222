import Foundation
import GantryEngine
import GantryHTTP
import GantryPipeline
import GantryStore

extension PipelineActions.ActionError: HTTPResponseConvertible {
    var httpResponse: HTTPResponse {
        switch self {
        case .notFound: return APIError.notFound("").httpResponse
        case .refused(let message): return APIError(403, "403 Forbidden - \(message)").httpResponse
        }
    }
}

extension API {
    func registerJobs(_ router: inout Router) {
        router.add("GET", "/api/v4/projects/:id/jobs") { request in
            let project = try project(request, try principal(request))
            let scopes = request.query.filter { $0.0 == "scope[]" || $0.0 == "scope" }.map(\.1)
            // An unknown scope matches no job, as in SQL before statuses were typed.
            let commits = CommitCache(data: data)
            return try list(request, { p in
                try store.jobs(projectID: project.id, statuses: scopes.isEmpty ? nil : scopes.compactMap(JobStatus.init(rawValue:)), page: p.page, perPage: p.perPage)
            }, { (try? presentJob($0, commits: commits)) ?? .null })
        }
        router.add("GET", "/api/v4/projects/:id/jobs/:job_id") { request in
            let project = try project(request, try principal(request))
            return .json(try presentJob(try job(request, of: project)))
        }
        // The job of a job token (GitLab's GET /job).
        router.add("GET", "/api/v4/job") { request in
            guard case .job(let job) = try principal(request) else { throw APIError.unauthorized }
            return .json(try presentJob(job))
        }
        router.add("GET", "/api/v4/projects/:id/jobs/:job_id/trace") { request in
            let project = try buildsProject(request)
            let j = try job(request, of: project)
            let file = data.trace(jobID: j.id)
            guard FileManager.default.fileExists(atPath: file.path) else { return .text("") }
            return .file(file, contentType: "text/plain; charset=utf-8")
        }
        router.add("GET", "/api/v4/projects/:id/jobs/:job_id/artifacts") { request in
            let project = try buildsProject(request)
            return try artifactsDownload(try job(request, of: project))
        }
        router.add("POST", "/api/v4/projects/:id/jobs/:job_id/retry") { request in
            let project = try project(request, try signedIn(request), atLeast: Role.developer)
            let j = try job(request, of: project)
            return .json(status: 201, try presentJob(try coordinator.retry(jobID: j.id)))
        }
        router.add("POST", "/api/v4/projects/:id/jobs/:job_id/play") { request in
            let project = try project(request, try signedIn(request), atLeast: Role.developer)
            let j = try job(request, of: project)
            return .json(try presentJob(try coordinator.play(jobID: j.id)))
        }
        router.add("POST", "/api/v4/projects/:id/jobs/:job_id/cancel") { request in
            let project = try project(request, try signedIn(request), atLeast: Role.developer)
            let j = try job(request, of: project)
            return .json(status: 201, try presentJob(try coordinator.cancel(jobID: j.id)))
        }
    }

    /// A project whose job logs and artifacts the caller may read: like its code, Reporter and
    /// above on a private project (GitLab's read_build).
    func buildsProject(_ request: HTTPRequest) throws -> ProjectRecord {
        let who = try principal(request)
        let project = try project(request, who)
        guard access.canDownloadCode(project, who) else { throw APIError.forbidden }
        return project
    }

    /// The job's archive, as a zip download.
    func artifactsDownload(_ job: JobRecord) throws -> HTTPResponse {
        guard let archive = try store.artifacts(jobID: job.id).first(where: { $0.fileType == "archive" }) else {
            throw APIError.notFound("")
        }
        return .file(data.root.appendingPathComponent(archive.path), contentType: "application/zip",
                     headers: [("Content-Disposition", "attachment; filename=\"artifacts.zip\"")])
    }
}
