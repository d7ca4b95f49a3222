import Foundation
import GantryCrypto
@testable import GantrySigstore
import Testing

/// The CA's keys and its reading of a job's token, without a server (the end-to-end proof with the
/// sigstore client is `GantryCLITests/SigstoreSigningTests`).
@Suite struct CertificateAuthorityTests {
    static func dataRoot() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("gantry-ca-\(UUID().uuidString)")
    }

    static func jobClaims() -> IDTokenClaims {
        var claims = IDTokenVerifierTests.claims()
        claims.runnerID = 7
        claims.runnerEnvironment = "self-hosted"
        return claims
    }

    @Test func keysAreMadeOnceKeptPrivateAndCheckedAgainstTheRoot() throws {
        let root = Self.dataRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try CertificateAuthority(dataRoot: root, name: "gantry.example")
        let again = try CertificateAuthority(dataRoot: root, name: "gantry.example")
        #expect(first.rootPEM == again.rootPEM && first.logKey.publicKey == again.logKey.publicKey)
        for name in ["ca.key", "ct-log.key"] {
            let mode = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent("sigstore/\(name)").path)[.posixPermissions]
            #expect(mode as? Int == 0o600, "\(name)")
        }
        // A root that is not the key's is refused, naming the file, rather than issuing unverifiable certificates.
        let other = Self.dataRoot()
        defer { try? FileManager.default.removeItem(at: other) }
        let foreign = try CertificateAuthority(dataRoot: other, name: "elsewhere")
        try foreign.rootPEM.write(to: root.appendingPathComponent("sigstore/ca.crt"), atomically: true, encoding: .utf8)
        #expect { try CertificateAuthority(dataRoot: root, name: "gantry.example") } throws: {
            "\($0)".contains("sigstore/ca.crt is not the certificate of") && "\($0)".contains("ca.key")
        }
    }

    @Test func issuesForTheRequestedKeyWithTheJobsIdentity() throws {
        let root = Self.dataRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let authority = try CertificateAuthority(dataRoot: root, name: "gantry.example")
        let key = try ECDSAPrivateKey.generateP256()
        let chain = try authority.issue(publicKey: key.publicKey, claims: Self.jobClaims())
        #expect(chain.count == 2 && chain[1] == authority.rootPEM)
        #expect(try PublicKey(pem: chain[0]) == key.publicKey)
    }

    @Test func mapsAGitLabJobAsFulcioDoes() throws {
        let identity = try GitLabIdentity(claims: Self.jobClaims())
        #expect(identity.subjectURI == "https://gantry.example/group/project//.gitlab-ci.yml@refs/tags/v1.0.0")
        let values = Dictionary(uniqueKeysWithValues: identity.extensions.map { ($0.oid, $0.value) })
        #expect(values[GitLabIdentity.oid(1)] == Data("https://gantry.example".utf8))
        #expect(values[GitLabIdentity.oid(8)] == DER.utf8String("https://gantry.example"))
        #expect(values[GitLabIdentity.oid(14)] == DER.utf8String("refs/tags/v1.0.0"))
        #expect(values[GitLabIdentity.oid(21)] == DER.utf8String("https://gantry.example/group/project/-/jobs/4"))
        #expect(values[GitLabIdentity.oid(16)] == DER.utf8String("https://gantry.example/group"))

        var noRunner = Self.jobClaims()
        noRunner.runnerID = nil
        #expect(throws: FulcioError.invalidArgument("missing runner_id claim in ID token")) { try GitLabIdentity(claims: noRunner) }
        var odd = Self.jobClaims()
        odd.refType = "merge_request"
        #expect(throws: FulcioError.invalidArgument("unexpected ref_type: merge_request")) { try GitLabIdentity(claims: odd) }
    }
}
