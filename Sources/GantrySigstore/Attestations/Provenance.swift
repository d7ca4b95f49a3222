import Foundation

/// PEP 740's provenance object for one file: version 1 and one attestation bundle, whose
/// publisher is the GitLab project that signed (pypi-attestations' `GitLabPublisher`: kind,
/// repository, workflow_filepath, environment) with the attestations that passed.
public enum Provenance {
    public static let mediaType = "application/vnd.pypi.integrity.v1+json"

    /// `identity` is the certificate's SAN, `https://<host>/<repository>//<config path>@<ref>`.
    static func json(repository: String, identity: String, attestations: [[String: Any]]) -> Data {
        var workflow = ".gitlab-ci.yml"
        if let start = identity.range(of: "/\(repository)//") {
            let rest = identity[start.upperBound...]
            workflow = String(rest[..<(rest.lastIndex(of: "@") ?? rest.endIndex)])
        }
        let publisher: [String: Any] = ["kind": "GitLab", "repository": repository, "workflow_filepath": workflow, "environment": NSNull()]
        let document: [String: Any] = ["version": 1, "attestation_bundles": [["publisher": publisher, "attestations": attestations]]]
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
