import Foundation
import GantryPipeline
import GantryRunnerProtocol
import GantryStore

/// The artifacts of a job's needs on other pipelines, as dependencies its runner downloads (the
/// way GitLab lists `cross_dependencies` in the payload): `{project:, job:, ref:}` takes the job
/// of that name in the newest successful pipeline of the ref; `{pipeline:, job:}` the job of that
/// name in that pipeline of the same project (a parent pipeline). The job's token must reach the
/// other project (its job token allowlist) and may read its code, as for the download itself,
/// so a payload never names a job the token could not fetch. Needs that find nothing are left
/// out, as an earlier job without artifacts is.
struct CrossNeedArtifacts {
    let store: any Store

    /// `variables`: the job's own, to expand `$PARENT_PIPELINE_ID` and the like in the need.
    func dependencies(of job: JobRecord, needs: [CrossNeed], variables: [String: String], token: String)
        -> [JobPayload.Dependency] {
        needs.filter(\.artifacts).compactMap { need in
            let expand = { (text: String) in VariableExpander.expand(text, with: { variables[$0] }) }
            guard let source = try? source(of: need, for: job, expand: expand),
                  let archive = try? store.artifacts(jobID: source.id).first(where: { $0.fileType == "archive" }) else {
                return nil
            }
            return JobPayload.Dependency(id: source.id, name: source.name, token: token,
                                         artifactsFile: .init(filename: "artifacts.zip", size: archive.size))
        }
    }

    private func source(of need: CrossNeed, for job: JobRecord, expand: (String) -> String) throws -> JobRecord? {
        let pipeline: PipelineRecord?
        if let path = need.project {
            guard let project = try store.project(pathWithNamespace: expand(path)),
                  Access(store: store).canDownloadCode(project, .job(job)) else { return nil }
            let filter = PipelineFilter(ref: expand(need.ref ?? ""), status: .success)
            pipeline = try store.pipelines(projectID: project.id, filter: filter, page: 1, perPage: 1).items.first
        } else {
            guard let id = Int(expand(need.pipeline ?? "")) else { return nil }
            pipeline = try store.pipeline(id: id).flatMap { $0.projectID == job.projectID ? $0 : nil }
        }
        guard let pipeline else { return nil }
        let jobs = try store.jobs(pipelineID: pipeline.id, includeRetried: true)
        return try jobs.filter { $0.name == need.job }.sorted { $0.id > $1.id }.first {
            try store.artifacts(jobID: $0.id).contains { $0.fileType == "archive" }
        }
    }
}
