import Foundation
import GantryCrypto
import GantryPipeline

/// `gantry run`'s ID tokens: the same claims a server would give the job, from the checkout's
/// plan context, signed by the checkout's own key ring under `.gantry/`, with an `iss` that says
/// the token was made locally (the key ring's folder as a `file:` URL, where `jwks.json` holds its
/// public keys). No server trusts these; they let the same pipeline run here.
public struct LocalIDTokens: Sendable {
    var context: IDTokenContext
    let signer: any JWTSigning

    public init(plan c: PlanContext, issuer: String, signer: any JWTSigning) {
        let namespace = c.projectPath.split(separator: "/").dropLast().joined(separator: "/")
        context = IDTokenContext(
            issuer: issuer, serverURL: c.serverURL, namespaceID: 0, namespacePath: namespace, projectID: c.projectID,
            projectPath: c.projectPath, projectVisibility: "private", user: nil, pipelineID: c.pipelineID, pipelineSource: c.source,
            jobID: 0, ref: c.ref, isTag: c.isTag, refProtected: c.refProtected, sha: c.commitSHA, runnerID: nil, timeout: 3600)
        self.signer = signer
    }

    /// The job's tokens; none when signing fails, as on GitLab.
    func tokens(for job: JobConfig, jobID: Int, timeout: Int, variables: [String: String]) -> [(name: String, token: String)] {
        var c = context
        c.jobID = jobID
        c.timeout = timeout
        return (try? JobIDTokens.issue(for: job, context: c, variables: variables, signer: signer)) ?? []
    }
}
