import COpenSSL
import Foundation

/// An ECDSA P-256 private key that signs with SHA-256 (DER signatures), as Rekor's log key does.
/// Kept as its DER (SEC 1 `EC PRIVATE KEY`) and parsed once.
public struct ECDSAPrivateKey: Sendable {
    let der: Data
    let key: EVPKey
    public let publicKey: PublicKey

    /// A new random P-256 key.
    public static func generateP256() throws -> ECDSAPrivateKey {
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nil) else { throw CryptoError("EC key generation unavailable") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1,
              EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context, NID_X9_62_prime256v1) == 1,
              EVP_PKEY_keygen(context, &key) == 1, let key else { throw CryptoError("P-256 key generation failed") }
        defer { EVP_PKEY_free(key) }
        let length = i2d_PrivateKey(key, nil)
        var bytes = [UInt8](repeating: 0, count: Int(max(length, 0)))
        let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_PrivateKey(key, &cursor)
        }
        guard length > 0, written == length else { throw CryptoError("cannot encode the new key") }
        return try ECDSAPrivateKey(der: Data(bytes))
    }

    init(der: Data) throws {
        let parsed: OpaquePointer? = der.withUnsafeBytes { raw in
            var cursor = raw.bindMemory(to: UInt8.self).baseAddress
            return d2i_PrivateKey(EVP_PKEY_EC, nil, &cursor, raw.count)
        }
        guard let parsed else { throw CryptoError("not a valid EC private key") }
        self.der = der
        key = EVPKey(parsed)
        guard let spki = PublicKey.encode(parsed) else { throw CryptoError("the EC key has no public key") }
        publicKey = try PublicKey(spki: spki)
    }

    /// From PEM `EC PRIVATE KEY`.
    public init(pem: String) throws {
        guard let block = try PEMBlock.decode(pem).first, block.type == "EC PRIVATE KEY" else {
            throw CryptoError("expected a PEM EC PRIVATE KEY")
        }
        try self.init(der: block.der)
    }

    public var pem: String { PEMBlock(type: "EC PRIVATE KEY", der: der).text }

    /// ECDSA over SHA-256(message), DER-encoded.
    public func sign(_ message: Data) throws -> Data {
        try key.use { key in try ECDSAPrivateKey.sign(message, with: key) }
    }

    private static func sign(_ message: Data, with key: OpaquePointer) throws -> Data {
        guard let context = EVP_MD_CTX_new() else { throw CryptoError("out of memory") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else { throw CryptoError("cannot sign") }
        var length = 0
        let bytes = [UInt8](message)
        guard EVP_DigestSign(context, nil, &length, bytes, bytes.count) == 1 else { throw CryptoError("cannot sign") }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context, &signature, &length, bytes, bytes.count) == 1 else { throw CryptoError("cannot sign") }
        return Data(signature.prefix(length))
    }
}
