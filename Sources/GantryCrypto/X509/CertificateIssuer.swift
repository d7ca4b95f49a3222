import COpenSSL
import Foundation

/// Makes the certificates of a small CA with ECDSA P-256 keys: its self-signed root, and
/// short-lived signing certificates for other keys, each with an SCT from a CT log key embedded
/// through RFC 6962's precertificate flow.
public struct CertificateIssuer: Sendable {
    /// The CA's DER certificate and its private key.
    public let certificate: Data
    public let key: ECDSAPrivateKey

    public init(certificate: Data, key: ECDSAPrivateKey) {
        self.certificate = certificate
        self.key = key
    }

    /// A self-signed CA certificate for `key`.
    public static func selfSignedRoot(key: ECDSAPrivateKey, subject: [(String, String)], notBefore: Date, notAfter: Date) throws -> Data {
        let draft = try CertificateDraft()
        try draft.setFields(subject: subject, issuer: nil, notBefore: notBefore, notAfter: notAfter, publicKey: key.publicKey)
        try draft.add(.certificateAuthority)
        try draft.add(.keyUsageCA)
        try draft.addKeyIdentifiers(issuer: nil)
        try draft.sign(with: key)
        return try draft.der()
    }

    /// A certificate for `publicKey` with an empty subject, the given extensions (SAN and
    /// identity), key usage digitalSignature and EKU codeSigning, and an embedded SCT signed by
    /// `logKey` over the precertificate's TBS.
    public func issue(publicKey: PublicKey, extensions: [X509Extension], notBefore: Date, notAfter: Date,
                      logKey: ECDSAPrivateKey) throws -> Data {
        let issuer = try CertificateDraft.parse(certificate)
        defer { X509_free(issuer) }
        let draft = try CertificateDraft()
        try draft.setFields(subject: [], issuer: issuer, notBefore: notBefore, notAfter: notAfter, publicKey: publicKey)
        try draft.add(.keyUsageDigitalSignature)
        try draft.add(.extendedKeyUsageCodeSigning)
        try draft.addKeyIdentifiers(issuer: issuer)
        for item in extensions { try draft.add(item) }
        // The precertificate: signed with the poison last, so that removing it leaves the TBS the
        // final certificate has without its SCT list (what clients rebuild to check the SCT).
        try draft.add(.precertificatePoison)
        try draft.sign(with: key)
        try draft.remove(oid: X509Extension.precertificatePoison.oid)
        let sct = try SignedCertificateTimestamp(precertificateTBS: try draft.tbsDER(), issuerKey: key.publicKey,
                                                 logKey: logKey, at: notBefore)
        try draft.add(sct.embeddedListExtension)
        try draft.sign(with: key)
        return try draft.der()
    }
}
