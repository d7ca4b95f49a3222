import Foundation
import GantryCrypto

/// PEP 740's provenance object for one file: version 1 and one attestation bundle per signing
/// identity, whose publisher is the GitLab project that signed (pypi-attestations'
/// `GitLabPublisher`: kind, repository, workflow_filepath, environment) with the `claims` PEP 740
/// requires (the ref and commit of the certificate), and the attestations that passed.
public enum Provenance {
    public static let mediaType = "application/vnd.pypi.integrity.v1+json"

    struct Bundle {
        /// The certificate's SAN, `https://<host>/<repository>//<config path>@<ref>`.
        let identity: String
        let certificate: Certificate
        var attestations: [[String: Any]]
    }

    static func json(repository: String, bundles: [Bundle]) -> Data {
        let items = bundles.map { bundle -> [String: Any] in
            var workflow = ".gitlab-ci.yml"
            if let start = bundle.identity.range(of: "/\(repository)//") {
                let rest = bundle.identity[start.upperBound...]
                workflow = String(rest[..<(rest.lastIndex(of: "@") ?? rest.endIndex)])
            }
            let claim = { (n: Int) -> Any in bundle.certificate.utf8Extension("1.3.6.1.4.1.57264.1.\(n)") ?? NSNull() }
            let publisher: [String: Any] = ["kind": "GitLab", "repository": repository, "workflow_filepath": workflow,
                                            "environment": NSNull(), "claims": ["ref": claim(14), "sha": claim(13)]]
            return ["publisher": publisher, "attestations": bundle.attestations]
        }
        let document: [String: Any] = ["version": 1, "attestation_bundles": items]
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
