import Foundation
import GantryCrypto

/// Gantry's Fulcio-compatible CA: a self-signed ECDSA P-256 root and a CT log key, made on first
/// start in `DATA/sigstore/` (keys 0600) and kept across restarts; it issues 10-minute signing
/// certificates with an embedded SCT for keys whose holders proved a Gantry ID token.
public final class CertificateAuthority: Sendable {
    public let issuer: CertificateIssuer
    /// The key that signs SCTs; the trust config publishes its public half as the CT log.
    public let logKey: ECDSAPrivateKey
    /// When the CA and its CT key came to be: the start of their validity in the trust config.
    public let rootCreated: Date
    public let logKeyCreated: Date

    /// Fulcio's certificate lifetime.
    public static let certificateLifetime: TimeInterval = 600
    static let rootLifetime: TimeInterval = 10 * 365 * 86_400

    public static func folder(dataRoot: URL) -> URL { dataRoot.appendingPathComponent("sigstore") }

    /// The root certificate (DER) the CA made in `DATA/sigstore/ca.crt`, for those that only check
    /// what it issued and need none of its keys.
    public static func rootCertificate(dataRoot: URL) throws -> Data {
        let file = folder(dataRoot: dataRoot).appendingPathComponent("ca.crt")
        let text = try String(contentsOf: file, encoding: .utf8)
        guard let block = try PEMBlock.decode(text, limit: 1).first, block.type == "CERTIFICATE" else {
            throw CryptoError("\(file.path) is not a PEM certificate")
        }
        return block.der
    }

    public init(dataRoot: URL, name: String) throws {
        let folder = Self.folder(dataRoot: dataRoot)
        let keyFile = folder.appendingPathComponent("ca.key")
        let certificateFile = folder.appendingPathComponent("ca.crt")
        let logKeyFile = folder.appendingPathComponent("ct-log.key")
        let key = try SecretFile.ecdsaKey(at: keyFile)
        if !FileManager.default.fileExists(atPath: certificateFile.path) {
            let now = Date()
            let der = try CertificateIssuer.selfSignedRoot(key: key, subject: [("O", name), ("CN", "gantry-ca")],
                                                           notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(Self.rootLifetime))
            try? SecretFile.writeNew(PEMBlock(type: "CERTIFICATE", der: der).text, to: certificateFile)
        }
        guard let der = try? Self.rootCertificate(dataRoot: dataRoot),
              let root = try? PublicKey(certificateDER: der), root == key.publicKey else {
            throw CryptoError("\(certificateFile.path) is not the certificate of \(keyFile.path)")
        }
        issuer = CertificateIssuer(certificate: der, key: key)
        logKey = try SecretFile.ecdsaKey(at: logKeyFile)
        rootCreated = Self.modified(certificateFile).addingTimeInterval(-60)
        logKeyCreated = Self.modified(logKeyFile)
    }

    private static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
    }

    public var rootPEM: String { PEMBlock(type: "CERTIFICATE", der: issuer.certificate).text }

    /// The PEM chain (the new certificate, then the root) for `publicKey` and the job `claims`
    /// name; the SCT is signed at issuance, as a CT log would on submission.
    func issue(publicKey: PublicKey, claims: IDTokenClaims, now: Date = Date()) throws -> [String] {
        guard publicKey.kind == .ecdsa || publicKey.kind == .rsa else {
            throw FulcioError.invalidArgument("unsupported public key type: only ECDSA and RSA keys are certified")
        }
        let identity = try GitLabIdentity(claims: claims)
        let der = try issuer.issue(publicKey: publicKey, extensions: identity.extensions, notBefore: now,
                                   notAfter: now.addingTimeInterval(Self.certificateLifetime), logKey: logKey)
        return [PEMBlock(type: "CERTIFICATE", der: der).text, rootPEM]
    }
}
