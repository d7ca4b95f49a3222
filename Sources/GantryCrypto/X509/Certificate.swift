import COpenSSL
import Foundation

/// A DER X.509 certificate as a verifier reads it: its key, validity window and extensions, and
/// whether an issuer's key signed it. Only what checking a signing certificate against a known
/// root needs; building certificates is `CertificateDraft`'s.
public struct Certificate: Sendable {
    public let der: Data
    public let publicKey: PublicKey
    public let notBefore: Date
    public let notAfter: Date
    public let extensions: [X509Extension]

    public init(der: Data) throws {
        let x509 = try CertificateDraft.parse(der)
        defer { X509_free(x509) }
        self.der = der
        publicKey = try PublicKey(certificateDER: der)
        guard let start = Self.date(X509_get0_notBefore(x509)), let end = Self.date(X509_get0_notAfter(x509)) else {
            throw CryptoError("the certificate's validity cannot be read")
        }
        notBefore = start
        notAfter = end
        var read: [X509Extension] = []
        for i in 0..<max(0, X509_get_ext_count(x509)) {
            guard let ext = X509_get_ext(x509, i), let object = X509_EXTENSION_get_object(ext),
                  let data = X509_EXTENSION_get_data(ext) else { continue }
            var buffer = [CChar](repeating: 0, count: 128)
            let length = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
            guard length > 0, Int(length) < buffer.count else { continue }
            let value = Data(bytes: ASN1_STRING_get0_data(data), count: Int(ASN1_STRING_length(data)))
            let oid = String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            read.append(X509Extension(oid: oid, critical: X509_EXTENSION_get_critical(ext) == 1, value: value))
        }
        extensions = read
    }

    /// Whether `issuer`'s key made this certificate's signature.
    public func isSigned(by issuer: PublicKey) -> Bool {
        guard let x509 = try? CertificateDraft.parse(der) else { return false }
        defer { X509_free(x509) }
        let result = issuer.key.use { X509_verify(x509, $0) }
        ERR_clear_error()
        return result == 1
    }

    public func isValid(at date: Date) -> Bool { notBefore <= date && date <= notAfter }

    /// The DER value of the extension with this dotted OID.
    public func extensionValue(_ oid: String) -> Data? {
        extensions.first { $0.oid == oid }?.value
    }

    /// The URIs of the SubjectAltName: a Fulcio certificate's identity.
    public var subjectAlternativeURIs: [String] {
        guard let value = extensionValue("2.5.29.17"), let outer = DER.elements(value), outer.count == 1, outer[0].tag == 0x30,
              let names = DER.elements(outer[0].content) else { return [] }
        return names.filter { $0.tag == 0x86 }.map { String(decoding: $0.content, as: UTF8.self) }
    }

    /// A Fulcio extension's text (1.3.6.1.4.1.57264.1.8 and later hold a DER UTF8String).
    public func utf8Extension(_ oid: String) -> String? {
        guard let value = extensionValue(oid), let items = DER.elements(value), items.count == 1, items[0].tag == 0x0C else { return nil }
        return String(decoding: items[0].content, as: UTF8.self)
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
