import Foundation
import GantryCrypto
@testable import GantrySigstore
import Testing

/// The parts of the PEP 740 check that need no server: reading back a certificate the CA issued,
/// the identity rule, the statement rule and the JSON limits (the end-to-end proof with twine,
/// pypi-attestations and sigstore is `GantryCLITests/AttestationUploadTests`).
@Suite struct AttestationVerifierTests {
    static let fileName = "pvoutput-0.3.0-py3-none-any.whl"
    static let digest = String(repeating: "ab", count: 32)

    @Test func certificateIssuedByTheCAIsReadBackWithItsIdentity() throws {
        let root = CertificateAuthorityTests.dataRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let authority = try CertificateAuthority(dataRoot: root, name: "gantry.example")
        let key = try ECDSAPrivateKey.generateP256()
        let chain = try authority.issue(publicKey: key.publicKey, claims: CertificateAuthorityTests.jobClaims())
        let certificate = try Certificate(der: try PEMBlock.decode(chain[0]).first!.der)
        #expect(certificate.publicKey == key.publicKey)
        #expect(certificate.isSigned(by: try PublicKey(certificateDER: authority.issuer.certificate)))
        #expect(!certificate.isSigned(by: key.publicKey))
        #expect(certificate.notAfter.timeIntervalSince(certificate.notBefore) == CertificateAuthority.certificateLifetime)
        #expect(certificate.isValid(at: Date()) && !certificate.isValid(at: Date().addingTimeInterval(3600)))
        #expect(certificate.subjectAlternativeURIs == ["https://gantry.example/group/project//.gitlab-ci.yml@refs/tags/v1.0.0"])

        let identity = try AttestationVerifier.checkIdentity(certificate, projectPath: "group/project", serverURL: "https://gantry.example/",
                                                             serverFQDN: "gantry.example")
        #expect(identity == "https://gantry.example/group/project//.gitlab-ci.yml@refs/tags/v1.0.0")
        // A project whose path starts like this one's, a parent group, another server: refused.
        for (project, url) in [("group/proj", "https://gantry.example"), ("group", "https://gantry.example"),
                               ("group/project", "https://other.example")] {
            #expect(throws: AttestationError.self) {
                try AttestationVerifier.checkIdentity(certificate, projectPath: project, serverURL: url, serverFQDN: URL(string: url)!.host!)
            }
        }
    }

    static func statement(name: String = fileName, digest: String = digest, type: String = "https://docs.pypi.org/attestations/publish/v1",
                          subjects: Int = 1) -> Data {
        let subject: [String: Any] = ["name": name, "digest": ["sha256": digest]]
        let json: [String: Any] = ["_type": "https://in-toto.io/Statement/v1", "subject": Array(repeating: subject, count: subjects),
                                   "predicateType": type, "predicate": NSNull()]
        return try! JSONSerialization.data(withJSONObject: json)
    }

    @Test func statementMustNameExactlyThisFileAndDigest() throws {
        #expect(try AttestationVerifier.checkStatement(Self.statement(), fileName: Self.fileName, sameFile: { $0 == Self.fileName }, sha256: Self.digest)
                == "https://docs.pypi.org/attestations/publish/v1")
        let refusals: [(Data, String)] = [
            (Self.statement(name: "pvoutput-0.3.0.tar.gz"), "subject does not match distribution name: pvoutput-0.3.0.tar.gz != \(Self.fileName)"),
            (Self.statement(digest: String(repeating: "cd", count: 32)), "subject does not match distribution digest"),
            (Self.statement(type: "https://example.com/other"), "unknown attestation type: https://example.com/other"),
            (Self.statement(subjects: 2), "too many subjects in statement (must be exactly one)"),
            (Data("{}".utf8), "invalid statement"),
        ]
        for (statement, message) in refusals {
            #expect { try AttestationVerifier.checkStatement(statement, fileName: Self.fileName, sameFile: { $0 == Self.fileName }, sha256: Self.digest) } throws: {
                "\($0)".contains(message)
            }
        }
    }

    @Test func fieldLimitsAreCheckedBeforeParsing() {
        #expect(JSONDepth.of(#"[{"a": "[[[[{{{{"}]"#) == 2)
        #expect(JSONDepth.of(#"["\"[[[", [[]]]"#) == 3)
        let cases: [(String, String)] = [
            (String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000), "nested deeper than 16 levels"),
            ("[]", "an empty attestation set is not permitted"),
            ("[{}, {}, {}]", "A maximum of 2 attestations per file are supported"),
            ("{}", "must be a JSON list"),
            ("not json", "is not JSON"),
            ("[\"" + String(repeating: "x", count: AttestationVerifier.maxFieldSize) + "\"]", "larger than 262144 bytes"),
        ]
        for (text, message) in cases {
            #expect { try AttestationVerifier.parse(text) } throws: { "\($0)".contains(message) }
        }
        #expect { try PublishAttestation(["version": 1, "verification_material": ["certificate": "%%", "transparency_entries": [[:]]]], at: "attestations[0]") }
            throws: { "\($0)".contains("attestations[0].verification_material.certificate must be of type byte (base64)") }
    }

    @Test func derElementsRefuseTruncatedInput() {
        #expect(DER.elements(DER.utf8String("héllo"))?.first?.content == Data("héllo".utf8))
        #expect(DER.elements(Data([0x0C, 0x05, 0x61])) == nil)
        #expect(DER.elements(Data([0x30, 0x85, 0, 0, 0, 0, 1])) == nil)
        #expect(DER.elements(Data())?.isEmpty == true)
    }
}
