import COpenSSL
import Foundation

/// A PKCS #10 certificate signing request whose self-signature has been checked: the requester
/// holds the private key of ``publicKey`` (Fulcio's proof of possession for a CSR).
public struct CertificateRequest: Sendable {
    public let publicKey: PublicKey

    /// Larger requests are refused before OpenSSL sees them.
    public static let maxLength = 16 * 1024

    /// From PEM `CERTIFICATE REQUEST` (or DER).
    public init(pemOrDER bytes: Data) throws {
        guard bytes.count <= Self.maxLength else { throw CryptoError("the certificate request is larger than \(Self.maxLength) bytes") }
        let der: Data
        if let text = String(data: bytes, encoding: .utf8), text.contains("-----BEGIN") {
            guard let block = try PEMBlock.decode(text, limit: 1).first, block.type == "CERTIFICATE REQUEST" else {
                throw CryptoError("expected a PEM CERTIFICATE REQUEST")
            }
            der = block.der
        } else {
            der = bytes
        }
        let request: OpaquePointer? = der.withUnsafeBytes { raw in
            var cursor = raw.bindMemory(to: UInt8.self).baseAddress
            return d2i_X509_REQ(nil, &cursor, raw.count)
        }
        guard let request else {
            ERR_clear_error()
            throw CryptoError("the certificate request is not a valid PKCS #10 request")
        }
        defer { X509_REQ_free(request) }
        guard let key = X509_REQ_get_pubkey(request) else {
            ERR_clear_error()
            throw CryptoError("the certificate request's public key cannot be read")
        }
        guard let spki = PublicKey.encode(key) else {
            EVP_PKEY_free(key)
            throw CryptoError("the certificate request's public key cannot be read")
        }
        let publicKey = PublicKey(key: key, spki: spki)
        let verified = publicKey.key.use { X509_REQ_verify(request, $0) }
        ERR_clear_error()
        guard verified == 1 else { throw CryptoError("the certificate request's signature does not verify with its public key") }
        self.publicKey = publicKey
    }
}
