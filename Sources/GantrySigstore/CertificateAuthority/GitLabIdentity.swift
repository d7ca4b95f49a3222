import Foundation
import GantryCrypto

/// What a signing certificate says about a CI job, mapped from its ID token as Fulcio maps a
/// GitLab job (fulcio `pkg/identity/gitlabcom/principal.go`): the SAN is the pipeline config's
/// URI, and the 1.3.6.1.4.1.57264.1.x extensions carry issuer, repository, ref, digests, trigger
/// and the job's URL.
struct GitLabIdentity: Equatable {
    /// `https://<host>/<project path>//.gitlab-ci.yml@<ref path>`: Fulcio parses the scheme-less
    /// `ci_config_ref_uri` claim as a path, so the scheme is always https.
    let subjectURI: String
    let extensions: [X509Extension]

    /// Refuses a token missing a claim Fulcio requires, with Fulcio's message.
    init(claims: IDTokenClaims) throws(FulcioError) {
        let required: [(String, String?)] = [
            ("project_path", claims.projectPath), ("pipeline_source", claims.pipelineSource), ("pipeline_id", claims.pipelineID),
            ("ci_config_ref_uri", claims.ciConfigRefURI), ("job_id", claims.jobID), ("ref", claims.ref), ("ref_type", claims.refType),
            ("namespace_path", claims.namespacePath), ("namespace_id", claims.namespaceID), ("project_id", claims.projectID),
            ("sha", claims.sha), ("runner_environment", claims.runnerEnvironment), ("runner_id", claims.runnerID.map(String.init)),
        ]
        for (name, value) in required where (value ?? "").isEmpty || value == "0" && name == "runner_id" {
            throw .invalidArgument("missing \(name) claim in ID token")
        }
        let ref: String
        switch claims.refType {
        case "branch": ref = "refs/heads/" + claims.ref
        case "tag": ref = "refs/tags/" + claims.ref
        default: throw .invalidArgument("unexpected ref_type: \(claims.refType)")
        }
        let base = claims.iss.hasSuffix("/") ? String(claims.iss.dropLast()) : claims.iss
        let configURI = "https://" + claims.ciConfigRefURI
        subjectURI = configURI
        let values: [(Int, String)] = [
            (9, configURI), (10, claims.ciConfigSHA), (11, claims.runnerEnvironment ?? ""),
            (12, "\(base)/\(claims.projectPath)"), (13, claims.sha), (14, ref), (15, claims.projectID),
            (16, "\(base)/\(claims.namespacePath)"), (17, claims.namespaceID), (18, configURI), (19, claims.ciConfigSHA),
            (20, claims.pipelineSource), (21, "\(base)/\(claims.projectPath)/-/jobs/\(claims.jobID)"),
            (22, claims.projectVisibility),
        ]
        // The deprecated 1.1 issuer holds the raw text; every newer one a DER UTF8String.
        extensions = [X509Extension.subjectAlternativeURI(configURI),
                      X509Extension(oid: Self.oid(1), value: Data(claims.iss.utf8)),
                      X509Extension(oid: Self.oid(8), value: DER.utf8String(claims.iss))]
            + values.filter { !$0.1.isEmpty }.map { X509Extension(oid: Self.oid($0.0), value: DER.utf8String($0.1)) }
    }

    static func oid(_ last: Int) -> String { "1.3.6.1.4.1.57264.1.\(last)" }
}
