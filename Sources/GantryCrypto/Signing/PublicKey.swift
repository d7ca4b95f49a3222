import COpenSSL
import Foundation

/// A public key that checks signatures: ECDSA (any named curve) or RSA PKCS#1 v1.5, from its DER
/// SubjectPublicKeyInfo, a PEM `PUBLIC KEY` or the key of an X.509 certificate.
///
/// Holds the DER, not an OpenSSL handle, so that it is a plain Sendable value; each check parses it
/// again (microseconds).
public struct PublicKey: Sendable, Equatable {
    /// DER SubjectPublicKeyInfo, the form Rekor's log ID and a note signature's key hash are made of.
    public let spki: Data
    public let kind: Kind
    let key: EVPKey

    public enum Kind: Sendable { case ecdsa, rsa, ed25519, other }

    public init(spki: Data) throws {
        guard let key = PublicKey.parse(spki) else { throw CryptoError("not a DER SubjectPublicKeyInfo") }
        self.init(key: key, spki: spki)
    }

    /// The key of a DER X.509 certificate.
    public init(certificateDER der: Data) throws {
        guard let certificate = try? CertificateDraft.parse(der) else { throw CryptoError("not a DER X.509 certificate") }
        defer { X509_free(certificate) }
        // X509_get_pubkey returns a new reference, which the PublicKey then owns.
        guard let key = X509_get_pubkey(certificate) else { throw CryptoError("the certificate's public key cannot be read") }
        guard let spki = PublicKey.encode(key) else {
            EVP_PKEY_free(key)
            throw CryptoError("the certificate's public key cannot be read")
        }
        self.init(key: key, spki: spki)
    }

    /// Takes ownership of `key`.
    init(key: OpaquePointer, spki: Data) {
        self.spki = spki
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_EC: kind = .ecdsa
        case EVP_PKEY_RSA: kind = .rsa
        case EVP_PKEY_ED25519: kind = .ed25519
        default: kind = .other
        }
        self.key = EVPKey(key)
    }

    /// The first block of a PEM text: `PUBLIC KEY` or `CERTIFICATE` (a chain's first certificate).
    public init(pem: String) throws {
        guard let first = try PEMBlock.decode(pem).first else { throw CryptoError("no PEM block") }
        switch first.type {
        case "PUBLIC KEY": try self.init(spki: first.der)
        case "CERTIFICATE": try self.init(certificateDER: first.der)
        default: throw CryptoError("cannot handle PEM type \(first.type)")
        }
    }

    public static func == (a: PublicKey, b: PublicKey) -> Bool { a.spki == b.spki }

    public var pem: String { PEMBlock(type: "PUBLIC KEY", der: spki).text }

    /// Checks `signature` (DER for ECDSA) over a digest already made with `hash`.
    public func verify(signature: Data, digest: Data, hash: HashAlgorithm) -> Bool {
        guard digest.count == hash.size, kind == .ecdsa || kind == .rsa else { return false }
        return key.use { key in verify(key, signature: signature, digest: digest, hash: hash) }
    }

    private func verify(_ key: OpaquePointer, signature: Data, digest: Data, hash: HashAlgorithm) -> Bool {
        guard let context = EVP_PKEY_CTX_new(key, nil) else { return false }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_verify_init(context) == 1, EVP_PKEY_CTX_set_signature_md(context, hash.evp) == 1 else { return false }
        let result = signature.withUnsafeBytes { sig in
            digest.withUnsafeBytes { dig in
                EVP_PKEY_verify(context, sig.bindMemory(to: UInt8.self).baseAddress, sig.count,
                                dig.bindMemory(to: UInt8.self).baseAddress, dig.count)
            }
        }
        ERR_clear_error()
        return result == 1
    }

    /// Checks `signature` over `message` hashed with `hash`.
    public func verify(signature: Data, message: Data, hash: HashAlgorithm = .sha256) -> Bool {
        verify(signature: signature, digest: hash.digest(message), hash: hash)
    }

    static func parse(_ spki: Data) -> OpaquePointer? {
        spki.withUnsafeBytes { raw in
            var cursor = raw.bindMemory(to: UInt8.self).baseAddress
            return d2i_PUBKEY(nil, &cursor, raw.count)
        }
    }

    static func encode(_ key: OpaquePointer) -> Data? {
        let length = i2d_PUBKEY(key, nil)
        guard length > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_PUBKEY(key, &cursor)
        }
        return written == length ? Data(bytes) : nil
    }
}
