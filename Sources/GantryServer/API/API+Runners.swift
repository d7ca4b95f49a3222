import Foundation
import GantryHTTP
import GantryEngine
import GantryPipeline
import GantryRunnerProtocol
import GantryStore

/// GitLab's runner protocol: registration, the job queue (long poll), job updates, the trace
/// and artifacts.
extension API {
    /// How long `POST /jobs/request` waits for a job before answering 204.
    static let longPoll: TimeInterval = 50

    func registerRunners(_ router: inout Router) {
        router.add("POST", "/api/v4/runners") { request in
            let params = APIParams(request)
            guard let token = params["token"] else { throw APIError.missing("token") }
            guard let digest = try store.setting(CIServer.registrationTokenSetting), digest == Secrets.digest(token) else {
                throw APIError.forbidden
            }
            return .json(status: 201, try JSONEncoder().encode(createRunner(params)))
        }
        // GitLab 16's way: an authenticated user creates a runner and gets its token.
        router.add("POST", "/api/v4/user/runners") { request in
            guard try user(request).isAdmin else { throw APIError.forbidden }
            return .json(status: 201, try JSONEncoder().encode(createRunner(APIParams(request))))
        }
        router.add("GET", "/api/v4/runners/all") { request in
            guard try user(request).isAdmin else { throw APIError.forbidden }
            return list(request, all: try store.runners().map { presenter.runner($0) })
        }
        router.add("POST", "/api/v4/runners/verify") { request in
            let r = try runner(request)
            return .json(status: 200, try JSONEncoder().encode(RunnerCredentials(id: r.id, token: APIParams(request)["token"] ?? "")))
        }
        router.add("DELETE", "/api/v4/runners") { request in
            try store.deleteRunner(id: try runner(request).id)
            return .empty(status: 204)
        }
        router.add("POST", "/api/v4/jobs/request") { request in
            var r = try runner(request)
            r.contactedAt = Date()
            try store.updateRunner(r)
            guard r.active, let payload = try coordinator.requestJob(runner: r, until: Date().addingTimeInterval(Self.longPoll)) else {
                return .empty(status: 204)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            log.note("job \(payload.id) (\(payload.jobInfo.name)) → runner \(r.id)")
            return .json(status: 201, try encoder.encode(payload))
        }
        router.add("PUT", "/api/v4/jobs/:job_id") { request in
            let params = APIParams(request)
            let job = try runningJob(request, token: params["token"])
            // An unknown state is taken as a heartbeat, as before any state was typed.
            let update = JobUpdate(token: params["token"] ?? "", state: params["state"].flatMap(JobState.init(rawValue:)) ?? .running,
                                   failureReason: params["failure_reason"], exitCode: params.int("exit_code"),
                                   output: params.int("output[bytesize]").map(JobUpdate.Output.init(bytesize:)))
            switch try coordinator.updateJob(job, update) {
            case .ok(let status):
                if update.state.isFinal { log.note("job \(job.id) (\(job.name)): \(status.rawValue)") }
                return .json(JSONValueBuilder.object(["status": .string(status.rawValue)]),
                             headers: [(JobUpdate.statusHeader, status.rawValue)])
            case .forbidden(let status):
                return Self.notRunning(status).httpResponse
            }
        }
        router.add("PATCH", "/api/v4/jobs/:job_id/trace") { request in
            let job = try runningJob(request, token: request.header("JOB-TOKEN"))
            let bytes = try request.bodyData()
            let offset = request.header(TracePatch.contentRangeHeader).flatMap(TracePatch.offset(fromContentRange:)) ?? job.traceSize
            switch try coordinator.appendTrace(job, bytes: bytes, offset: offset) {
            case .accepted(let size):
                return .empty(status: 202, headers: [(TracePatch.rangeHeader, TracePatch.range(size: size)),
                                                     (JobUpdate.statusHeader, JobStatus.running.rawValue),
                                                     (TracePatch.updateIntervalHeader, "3")])
            case .rangeMismatch(let size):
                return .empty(status: 416, headers: [(TracePatch.rangeHeader, TracePatch.range(size: size))])
            case .forbidden(let status):
                return Self.notRunning(status).httpResponse
            }
        }
        router.add("POST", "/api/v4/jobs/:job_id/artifacts") { request in
            let job = try runningJob(request, token: request.header("JOB-TOKEN"))
            try ArtifactUpload(store: store, data: data).receive(request, job: job)
            return .json(status: 201, .object([]))
        }
        router.add("GET", "/api/v4/jobs/:job_id/artifacts") { request in
            guard let id = Int(request.params["job_id"] ?? ""), let target = try store.job(id: id) else { throw APIError.notFound("") }
            let who = try principal(request)
            // A job token of the same project or of a project on this project's allowlist, or a user who may read its builds.
            switch who {
            case .job, .user:
                guard let project = try store.project(id: target.projectID), access.canDownloadCode(project, who) else { throw APIError.forbidden }
            default: throw APIError.unauthorized
            }
            return try artifactsDownload(target)
        }
    }

    private func createRunner(_ params: APIParams) throws -> RunnerCredentials {
        let token = Secrets.generate(prefix: "glrt-")
        let tags = (params["tag_list"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let record = try store.createRunner(RunnerRecord(tokenDigest: Secrets.digest(token), description: params["description"] ?? "",
                                                         tags: tags, runUntagged: params.bool("run_untagged") ?? tags.isEmpty,
                                                         locked: params.bool("locked") ?? false, active: !(params.bool("paused") ?? false),
                                                         createdAt: Date()))
        log.note("runner \(record.id) registered (tags: \(tags.isEmpty ? "none" : tags.joined(separator: ", ")))")
        return RunnerCredentials(id: record.id, token: token)
    }

    /// The runner whose token the body (or query) carries; 403 as GitLab answers an unknown one.
    private func runner(_ request: HTTPRequest) throws -> RunnerRecord {
        guard let token = APIParams(request)["token"], let r = try store.runner(tokenDigest: Secrets.digest(token)) else {
            throw APIError.forbidden
        }
        return r
    }

    /// The job of `:job_id` when `token` is its job token and it runs; 403 otherwise (canceled,
    /// finished, or not this job).
    private func runningJob(_ request: HTTPRequest, token: String?) throws -> JobRecord {
        guard let id = Int(request.params["job_id"] ?? ""), let job = try store.job(id: id) else { throw APIError.notFound("") }
        guard let token, job.tokenDigest == Secrets.digest(token) else { throw Self.notRunning(nil) }
        guard job.status == .running else { throw Self.notRunning(job.status) }
        return job
    }

    /// GitLab's `job_forbidden!`: to the job's own runner, the status it has now (`Job-Status:
    /// canceled` tells GitLab's runner, and ours, to stop the job).
    static func notRunning(_ status: JobStatus?) -> APIError {
        var error = APIError(403, "403 Forbidden  - Job is not running")
        if let status { error.headers = [(JobUpdate.statusHeader, status.rawValue)] }
        return error
    }
}
