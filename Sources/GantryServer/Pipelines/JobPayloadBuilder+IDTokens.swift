import Foundation
import GantryExecution
import GantryPipeline
import GantryRunnerProtocol
import GantryStore

extension JobPayloadBuilder {
    /// The job's `id_tokens:` as payload variables: masked, not public, never files, as GitLab
    /// sends them. Claims come from the store's records; `aud` is expanded with the job's variables.
    /// Without a signer the job gets none; when signing fails, the server log says why and the job
    /// runs without them (GitLab tracks the error and runs the job).
    func idTokenVariables(_ row: JobRecord, _ p: ActivePipeline, _ planned: PlannedJob, predefined: [(String, String)],
                          dotenv: [(String, String)], timeout: Int) -> [JobPayload.Variable] {
        guard let signer = idTokenSigner, planned.instance.job["id_tokens"] != nil else { return [] }
        let project = p.project
        let record = p.record
        let user = record.userID.flatMap { try? store.user(id: $0) }
        var context = IDTokenContext(
            issuer: baseURL, serverURL: baseURL, namespaceID: project.namespaceID,
            namespacePath: project.pathWithNamespace.split(separator: "/").dropLast().joined(separator: "/"),
            projectID: project.id, projectPath: project.pathWithNamespace, projectVisibility: project.visibility,
            user: user.map { ($0.id, $0.username, $0.email) }, pipelineID: record.id, pipelineSource: record.source, jobID: row.id,
            ref: record.ref, isTag: record.tag,
            refProtected: ProtectedRefs(store: store).isProtected(project: project, ref: record.ref, tag: record.tag),
            sha: record.sha, runnerID: row.runnerID, timeout: timeout)
        if var user {
            // GitLab's `human_max_access`: the user's membership, which an administrator's rights do not raise.
            user.isAdmin = false
            let level = Access(store: store).role(of: user, in: project)
            context.userAccessLevel = Role.memberLevels.contains(level) ? Role.name(level).lowercased() : nil
        }
        // `aud` sees the job's variables as its rules and scripts do.
        let scope = p.plan.layers.jobScope(planned.instance, jobPredefined: p.plan.layers.jobOnly + predefined,
                                           rule: planned.ruleVariables, dotenv: dotenv)
        let tokens: [(name: String, token: String)]
        do {
            tokens = try JobIDTokens.issue(for: planned.instance.job, context: context, variables: scope.resolved(), signer: signer)
        } catch {
            log.error("job \(row.id) (\(project.pathWithNamespace)) runs without its id_tokens: signing failed: \(error)")
            return []
        }
        return tokens.map { JobPayload.Variable(key: $0.name, value: $0.token, public: false, masked: true, raw: true) }
    }
}
