import Foundation
import GantryCrypto
import GantryStore
import Synchronization

/// Checks the PEP 740 attestations uploaded with a distribution against Gantry's own trust root,
/// as PyPI checks them against Sigstore's (pypi-attestations' `Attestation.verify`): the
/// certificate was issued by Gantry's CA and valid when the signature was logged; the signature
/// was logged in Gantry's transparency log (the store holds that very entry); the DSSE signature
/// over the in-toto statement is the certificate key's; the statement names exactly this file
/// and digest with a predicate type PyPI accepts; and the certificate's identity is a pipeline
/// of the uploading project on this server.
public struct AttestationVerifier: Sendable {
    let store: any Store
    let root: @Sendable () throws -> PublicKey

    /// PyPI's accepted predicate types, at most one attestation each.
    static let predicateTypes = ["https://docs.pypi.org/attestations/publish/v1", "https://slsa.dev/provenance/v1"]
    static let statementType = "https://in-toto.io/Statement/v1"
    static let payloadType = "application/vnd.in-toto+json"
    /// A real attestation is a few kilobytes; the field is refused before it is parsed past this.
    public static let maxFieldSize = 256 * 1024
    /// Nesting a PEP 740 attestation needs (a log entry's inclusion proof is the deepest part).
    static let maxDepth = 16
    static let issuerOID = "1.3.6.1.4.1.57264.1.8"
    static let runInvocationOID = "1.3.6.1.4.1.57264.1.21"

    /// The CA root certificate is read from `DATA/sigstore` when first needed (the server's CA
    /// makes it on first start); none of the CA's keys are loaded here.
    public init(store: any Store, dataRoot: URL) {
        self.store = store
        let cached = RootKey()
        root = { try cached.key { try CertificateAuthority.rootCertificate(dataRoot: dataRoot) } }
    }

    /// What passed: the PEP 740 provenance object to serve for the file, the identity that signed
    /// it (the certificate's SAN) and the job that did (its run invocation URI).
    public struct Verified: Sendable {
        public let provenance: Data
        public let identity: String
        public let job: String?
    }

    /// `text` is the form's `attestations` field; `sameFile` says whether a subject name is the
    /// uploaded file's (parsed as a wheel or sdist name, as PEP 740 asks); `serverURL` is the
    /// server's external URL (the token issuer) and `serverFQDN` its host, port and path as
    /// `ci_config_ref_uri` starts.
    public func verify(_ text: String, fileName: String, sameFile: (String) -> Bool, sha256: String, projectPath: String,
                       serverURL: String, serverFQDN: String) throws(AttestationError) -> Verified {
        let parsed = try Self.parse(text)
        var seenTypes: Set<String> = []
        var bundles: [Provenance.Bundle] = []
        for (i, item) in parsed.enumerated() {
            let attestation = try PublishAttestation(item, at: "attestations[\(i)]")
            let certificate = try check(attestation)
            let predicateType = try Self.checkStatement(attestation.statement, fileName: fileName, sameFile: sameFile, sha256: sha256)
            guard seenTypes.insert(predicateType).inserted else {
                throw AttestationError(message: "Multiple attestations for the same file with the same predicate type "
                                       + "(\(predicateType)) are not supported")
            }
            let identity = try Self.checkIdentity(certificate, projectPath: projectPath, serverURL: serverURL, serverFQDN: serverFQDN)
            // One bundle per signing identity, as PEP 740 groups them.
            if let i = bundles.firstIndex(where: { $0.identity == identity }) {
                bundles[i].attestations.append(attestation.json)
            } else {
                bundles.append(Provenance.Bundle(identity: identity, certificate: certificate, attestations: [attestation.json]))
            }
        }
        let first = bundles[0]
        return Verified(provenance: Provenance.json(repository: projectPath, bundles: bundles), identity: first.identity,
                        job: first.certificate.utf8Extension(Self.runInvocationOID))
    }

    /// The field as a JSON list of 1 to 2 objects, refused early when too large or too deep.
    static func parse(_ text: String) throws(AttestationError) -> [Any] {
        guard text.utf8.count <= maxFieldSize else {
            throw .malformed("the attestations field is larger than \(maxFieldSize) bytes")
        }
        guard JSONDepth.of(text) <= maxDepth else { throw .malformed("the attestations JSON is nested deeper than \(maxDepth) levels") }
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { throw .malformed("the attestations field is not JSON") }
        guard let list = value as? [Any] else { throw .malformed("the attestations field must be a JSON list of attestation objects") }
        guard !list.isEmpty else { throw .malformed("an empty attestation set is not permitted") }
        guard list.count <= predicateTypes.count else {
            throw AttestationError(message: "A maximum of \(predicateTypes.count) attestations per file are supported")
        }
        return list
    }

    /// The certificate chains to Gantry's CA, the log holds the signature, the signature verifies.
    private func check(_ attestation: PublishAttestation) throws(AttestationError) -> Certificate {
        guard let certificate = try? Certificate(der: attestation.certificate) else {
            throw .malformed("the verification material's certificate is not a DER X.509 certificate")
        }
        let rootKey: PublicKey
        do { rootKey = try root() } catch { throw AttestationError(message: "the server's certificate authority cannot be read: \(error)") }
        guard certificate.isSigned(by: rootKey) else {
            throw .unverified("the certificate was not issued by this server's certificate authority")
        }
        let message = DSSEEntry.pae(type: Self.payloadType, payload: attestation.statement)
        guard certificate.publicKey.verify(signature: attestation.signature, message: message) else {
            throw .unverified("the envelope's signature does not verify with the certificate's key")
        }
        let leaf = MerkleTree.leafHash(attestation.loggedBody).hexString
        guard let record = try? store.logEntry(leafHash: leaf),
              Data(base64Encoded: record.body) == attestation.loggedBody else {
            throw .unverified("the attestation's transparency log entry is not in this server's log")
        }
        guard certificate.isValid(at: Date(timeIntervalSince1970: TimeInterval(record.integratedTime))) else {
            throw .unverified("the certificate was not valid when the signature was logged")
        }
        guard record.kind == "dsse", Self.logged(record.body, covers: attestation, certificate: certificate) else {
            throw .unverified("the transparency log entry is not of this statement, signature and certificate")
        }
        return certificate
    }

    /// A `dsse` body names the statement's hash and this signature with this certificate.
    static func logged(_ body: String, covers attestation: PublishAttestation, certificate: Certificate) -> Bool {
        guard let data = Data(base64Encoded: body), let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let spec = json["spec"] as? [String: Any], let payloadHash = spec["payloadHash"] as? [String: Any],
              payloadHash["value"] as? String == SHA256Digest.hex(attestation.statement),
              let signatures = spec["signatures"] as? [[String: Any]] else { return false }
        let signature = attestation.signature.base64EncodedString()
        return signatures.contains { entry in
            guard entry["signature"] as? String == signature, let verifier = (entry["verifier"] as? String).flatMap({ Data(base64Encoded: $0) }),
                  let pem = String(data: verifier, encoding: .utf8), let block = try? PEMBlock.decode(pem, limit: 4).first else { return false }
            return block.type == "CERTIFICATE" && block.der == certificate.der
        }
    }

    /// An in-toto v1 statement about this very file; returns its predicate type.
    static func checkStatement(_ statement: Data, fileName: String, sameFile: (String) -> Bool,
                               sha256: String) throws(AttestationError) -> String {
        guard let json = try? JSONSerialization.jsonObject(with: statement) as? [String: Any],
              json["_type"] as? String == statementType else {
            throw .unverified("invalid statement: not an in-toto \(statementType) statement")
        }
        guard let subjects = json["subject"] as? [[String: Any]], subjects.count == 1 else {
            throw .unverified("too many subjects in statement (must be exactly one)")
        }
        guard let name = subjects[0]["name"] as? String, !name.isEmpty else { throw .unverified("invalid subject: missing name") }
        guard sameFile(name) else { throw .unverified("subject does not match distribution name: \(name) != \(fileName)") }
        guard let digests = subjects[0]["digest"] as? [String: Any], (digests["sha256"] as? String)?.lowercased() == sha256.lowercased() else {
            throw .unverified("subject does not match distribution digest")
        }
        let predicateType = json["predicateType"] as? String ?? ""
        guard predicateTypes.contains(predicateType) else { throw .unverified("unknown attestation type: \(predicateType)") }
        return predicateType
    }

    /// The certificate's SAN is a pipeline config of `projectPath` on this server, and its
    /// issuer extension this server's URL; returns the SAN.
    static func checkIdentity(_ certificate: Certificate, projectPath: String, serverURL: String,
                              serverFQDN: String) throws(AttestationError) -> String {
        let trimmed = { (url: String) in url.hasSuffix("/") ? String(url.dropLast()) : url }
        let issuer = certificate.utf8Extension(issuerOID) ?? ""
        guard trimmed(issuer) == trimmed(serverURL) else {
            throw .unverified("the certificate's OIDC issuer is '\(issuer)', not this server (\(trimmed(serverURL)))")
        }
        let identity = certificate.subjectAlternativeURIs.first ?? ""
        let prefix = "https://\(trimmed(serverFQDN))/\(projectPath)//"
        guard identity.hasPrefix(prefix) else {
            throw .unverified("the certificate's identity '\(identity)' is not a pipeline of \(projectPath) (expected \(prefix)…)")
        }
        return identity
    }
}

/// The CA root's key, read once.
private final class RootKey: Sendable {
    private let cached = Mutex<PublicKey?>(nil)

    func key(_ load: () throws -> Data) throws -> PublicKey {
        try cached.withLock { cached throws -> PublicKey in
            if let cached { return cached }
            let key = try PublicKey(certificateDER: try load())
            cached = key
            return key
        }
    }
}
