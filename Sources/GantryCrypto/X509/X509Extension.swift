import Foundation

/// One X.509 v3 extension: its OID (dotted), whether it is critical, and the DER its
/// `extnValue` OCTET STRING holds.
public struct X509Extension: Sendable, Equatable {
    public let oid: String
    public let critical: Bool
    public let value: Data

    public init(oid: String, critical: Bool = false, value: Data) {
        self.oid = oid
        self.critical = critical
        self.value = value
    }

    /// A CA: BasicConstraints `CA:TRUE`, critical (RFC 5280 §4.2.1.9).
    public static let certificateAuthority = X509Extension(oid: "2.5.29.19", critical: true, value: DER.sequence(DER.true))
    /// KeyUsage keyCertSign and cRLSign, critical.
    public static let keyUsageCA = X509Extension(oid: "2.5.29.15", critical: true, value: Data([0x03, 0x02, 0x01, 0x06]))
    /// KeyUsage digitalSignature, critical: what a signing certificate is for.
    public static let keyUsageDigitalSignature = X509Extension(oid: "2.5.29.15", critical: true, value: Data([0x03, 0x02, 0x07, 0x80]))
    /// ExtendedKeyUsage codeSigning (1.3.6.1.5.5.7.3.3), which sigstore clients require.
    public static let extendedKeyUsageCodeSigning = X509Extension(
        oid: "2.5.29.37", value: DER.sequence(Data([0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03])))

    /// SubjectAltName with one URI, critical because signing certificates have an empty subject.
    public static func subjectAlternativeURI(_ uri: String) -> X509Extension {
        X509Extension(oid: "2.5.29.17", critical: true, value: DER.sequence(DER.element(0x86, Data(uri.utf8))))
    }

    /// RFC 6962 §3.1: marks a precertificate, which no client may accept as a certificate.
    public static let precertificatePoison = X509Extension(oid: "1.3.6.1.4.1.11129.2.4.3", critical: true, value: DER.null)
    public static let embeddedSCTListOID = "1.3.6.1.4.1.11129.2.4.2"
}
