import COpenSSL
import Foundation

/// An RSA key through OpenSSL's EVP interface: a private key (generated, or read from PEM) that
/// signs RS256 (PKCS #1 v1.5 with SHA-256), or a public one (from its modulus and exponent, as a
/// JWK gives them). Checking signatures is ``PublicKey``'s job, for RSA as for ECDSA.
public final class RSAKey: Sendable {
    private let evp: EVPKey
    private var key: OpaquePointer { evp.pointer }
    public let isPrivate: Bool
    /// The public half, which verifies.
    public let publicKey: PublicKey

    /// Takes ownership of `key`.
    private init(_ key: OpaquePointer, isPrivate: Bool) throws {
        guard let spki = PublicKey.encode(key) else {
            EVP_PKEY_free(key)
            throw CryptoError.openSSL("encoding an RSA public key")
        }
        // The PublicKey holds its own reference to the same EVP_PKEY.
        EVP_PKEY_up_ref(key)
        publicKey = PublicKey(key: key, spki: spki)
        evp = EVPKey(key)
        self.isPrivate = isPrivate
    }

    /// A new private key; 2048 bits is what GitLab's CI signing key has.
    public static func generate(bits: Int = 2048) throws -> RSAKey {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else { throw CryptoError.openSSL("creating an RSA key context") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits)) == 1,
              EVP_PKEY_generate(context, &key) == 1, let key else {
            throw CryptoError.openSSL("generating an RSA key")
        }
        return try RSAKey(key, isPrivate: true)
    }

    /// A private key from PEM (`-----BEGIN PRIVATE KEY-----`, PKCS #8, as ``privateKeyPEM()`` writes).
    public convenience init(privateKeyPEM pem: String) throws {
        // The memory BIO reads the bytes in place: they must stay alive while OpenSSL reads them
        // (a temporary array's pointer was freed first in release builds).
        let bytes = Array(pem.utf8)
        let read: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        }
        guard let key = read else { throw CryptoError.openSSL("reading a PEM private key") }
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA else {
            EVP_PKEY_free(key)
            throw CryptoError.openSSL("the PEM key is not an RSA key")
        }
        try self.init(key, isPrivate: true)
    }

    /// A public key from its modulus and public exponent (big-endian bytes).
    public convenience init(modulus: Data, exponent: Data) throws {
        guard let builder = OSSL_PARAM_BLD_new() else { throw CryptoError.openSSL("building RSA parameters") }
        defer { OSSL_PARAM_BLD_free(builder) }
        let n = modulus.withUnsafeBytes { BN_bin2bn($0.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32($0.count), nil) }
        let e = exponent.withUnsafeBytes { BN_bin2bn($0.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32($0.count), nil) }
        defer { BN_free(n); BN_free(e) }
        // The builder keeps the names' pointers until `to_param`: literals, never a temporary C string.
        guard let n, let e, OSSL_PARAM_BLD_push_BN(builder, Self.cString("n"), n) == 1,
              OSSL_PARAM_BLD_push_BN(builder, Self.cString("e"), e) == 1,
              let params = OSSL_PARAM_BLD_to_param(builder) else {
            throw CryptoError.openSSL("building RSA parameters")
        }
        defer { OSSL_PARAM_free(params) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else { throw CryptoError.openSSL("creating an RSA key context") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1,
              EVP_PKEY_fromdata(context, &key, gantry_evp_pkey_public_key_selection(), params) == 1, let key else {
            throw CryptoError.openSSL("making an RSA public key")
        }
        try self.init(key, isPrivate: false)
    }

    private static func cString(_ literal: StaticString) -> UnsafePointer<CChar> {
        UnsafeRawPointer(literal.utf8Start).assumingMemoryBound(to: CChar.self)
    }

    /// The private key as PKCS #8 PEM, unencrypted: files holding it are the owner's alone (0600).
    public func privateKeyPEM() throws -> String {
        guard isPrivate else { throw CryptoError.openSSL("a public key has no private PEM") }
        guard let bio = BIO_new(BIO_s_mem()) else { throw CryptoError.openSSL("writing a PEM key") }
        defer { BIO_free(bio) }
        guard PEM_write_bio_PrivateKey(bio, key, nil, nil, 0, nil, nil) == 1 else { throw CryptoError.openSSL("writing a PEM key") }
        var pointer: UnsafeMutablePointer<CChar>?
        let length = BIO_ctrl(bio, BIO_CTRL_INFO, 0, &pointer)
        guard let pointer, length > 0 else { throw CryptoError.openSSL("writing a PEM key") }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    /// The modulus `n`, big-endian, no leading zero byte (JWK's `n`).
    public var modulus: Data { bigNumber(OSSL_PKEY_PARAM_RSA_N) }
    /// The public exponent `e`, big-endian (JWK's `e`).
    public var exponent: Data { bigNumber(OSSL_PKEY_PARAM_RSA_E) }

    private func bigNumber(_ name: String) -> Data {
        var number: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key, name, &number) == 1, let number else { return Data() }
        defer { BN_free(number) }
        var bytes = [UInt8](repeating: 0, count: Int((BN_num_bits(number) + 7) / 8))
        BN_bn2bin(number, &bytes)
        return Data(bytes)
    }

    /// RS256: the PKCS #1 v1.5 signature of SHA-256(`data`).
    public func signSHA256(_ data: Data) throws -> Data {
        guard isPrivate else { throw CryptoError.openSSL("a public key cannot sign") }
        guard let context = EVP_MD_CTX_new() else { throw CryptoError.openSSL("creating a signing context") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else { throw CryptoError.openSSL("starting an RSA signature") }
        return try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) -> Data in
            let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
            var length = 0
            guard EVP_DigestSign(context, nil, &length, base, input.count) == 1 else { throw CryptoError.openSSL("sizing an RSA signature") }
            var signature = [UInt8](repeating: 0, count: length)
            guard EVP_DigestSign(context, &signature, &length, base, input.count) == 1 else { throw CryptoError.openSSL("signing with RSA") }
            return Data(signature.prefix(length))
        }
    }
}
