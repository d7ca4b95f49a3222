import Foundation
import GantryEngine
import GantryExecution
import GantryHTTP
import GantryPipeline
import GantryStore

/// Job artifacts beyond the whole archive: one file out of it by path, the archive or a file of
/// the latest successful pipeline of a ref, and erase, keep and delete.
extension API {
    func registerJobArtifacts(_ router: inout Router) {
        router.add("GET", "/api/v4/projects/:id/jobs/:job_id/artifacts/*artifact_path") { request in
            let project = try buildsProject(request)
            return try artifactEntry(try job(request, of: project), path: request.params["artifact_path"] ?? "")
        }
        router.add("GET", "/api/v4/projects/:id/jobs/artifacts/:ref_name/download") { request in
            let project = try buildsProject(request)
            return try artifactsDownload(try latestSuccessfulJob(request, project))
        }
        router.add("GET", "/api/v4/projects/:id/jobs/artifacts/:ref_name/raw/*artifact_path") { request in
            let project = try buildsProject(request)
            return try artifactEntry(try latestSuccessfulJob(request, project), path: request.params["artifact_path"] ?? "")
        }
        // GitLab's erase_build: Maintainers, or the Developer whose pipeline ran the job.
        router.add("POST", "/api/v4/projects/:id/jobs/:job_id/erase") { request in
            let who = try signedIn(request)
            let project = try project(request, who, atLeast: Role.developer)
            var j = try job(request, of: project)
            let owner = try store.pipeline(id: j.pipelineID)?.userID
            guard access.role(of: who, in: project) >= Role.maintainer || (owner != nil && owner == who.user?.id) else {
                throw APIError.forbidden
            }
            let trace = data.trace(jobID: j.id)
            let hasTrace = FileManager.default.fileExists(atPath: trace.path)
            let artifacts = try store.artifacts(jobID: j.id)
            guard j.status.isCompleted, hasTrace || !artifacts.isEmpty else { throw APIError(403, "403 Forbidden - Job is not erasable!") }
            try removeArtifacts(&j)
            try? FileManager.default.removeItem(at: trace)
            j.traceSize = 0
            j.erasedAt = Date()
            try store.updateJob(j)
            return .json(status: 201, try presentJob(j))
        }
        router.add("POST", "/api/v4/projects/:id/jobs/:job_id/artifacts/keep") { request in
            let project = try project(request, try signedIn(request), atLeast: Role.developer)
            let j = try job(request, of: project)
            guard try store.artifacts(jobID: j.id).contains(where: { $0.fileType == "archive" }) else { throw APIError.notFound("") }
            try store.keepArtifacts(jobID: j.id)
            return .json(try presentJob(try store.job(id: j.id) ?? j))
        }
        // GitLab's destroy_artifacts: Maintainers and Owners.
        router.add("DELETE", "/api/v4/projects/:id/jobs/:job_id/artifacts") { request in
            let project = try project(request, try signedIn(request), atLeast: Role.maintainer)
            var j = try job(request, of: project)
            try removeArtifacts(&j)
            try store.updateJob(j)
            return .empty(status: 204)
        }
    }

    /// Every artifact of the job, rows and files (the trace stays).
    private func removeArtifacts(_ j: inout JobRecord) throws {
        for artifact in try store.deleteArtifacts(jobID: j.id) {
            try? FileManager.default.removeItem(at: data.root.appendingPathComponent(artifact.path))
        }
        try? FileManager.default.removeItem(at: data.artifactFolder(jobID: j.id))
        j.artifactsFile = nil
        j.artifactsSize = nil
        j.artifactsExpireAt = nil
    }

    /// The job named `job=` in the newest successful pipeline of `:ref_name` (GitLab's
    /// latest_successful_build_for_ref): its newest attempt that has an archive.
    private func latestSuccessfulJob(_ request: HTTPRequest, _ project: ProjectRecord) throws -> JobRecord {
        guard let name = APIParams(request)["job"] else { throw APIError.missing("job") }
        let filter = PipelineFilter(ref: request.params["ref_name"] ?? "", status: .success)
        guard let pipeline = try store.pipelines(projectID: project.id, filter: filter, page: 1, perPage: 1).items.first else {
            throw APIError.notFound("")
        }
        let jobs = try store.jobs(pipelineID: pipeline.id, includeRetried: true).filter { $0.name == name }.sorted { $0.id > $1.id }
        guard let job = try jobs.first(where: { try store.artifacts(jobID: $0.id).contains { $0.fileType == "archive" } }) else {
            throw APIError.notFound("")
        }
        return job
    }

    /// One file of the job's archive, by its path in the archive (see `ArtifactArchive`).
    private func artifactEntry(_ job: JobRecord, path: String) throws -> HTTPResponse {
        let copy: URL?
        do {
            copy = try ArtifactArchive(store: store, data: data).copy(path, of: job)
        } catch let error as ArchiveError {
            throw APIError.badRequest(error.description)
        }
        guard let copy else { throw APIError.notFound("") }
        return .file(copy, deleteAfterSending: true,
                     headers: [("Content-Disposition", "attachment; filename=\"\(ArtifactArchive.downloadName(path))\"")])
    }
}
