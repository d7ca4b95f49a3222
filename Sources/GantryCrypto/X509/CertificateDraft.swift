import COpenSSL
import Foundation

/// A certificate being built through OpenSSL's X509 object: fields, extensions in order, then a
/// signature. One draft is one certificate; the precertificate flow of RFC 6962 signs it once with
/// the poison extension, takes the TBS without it, and signs it again with the SCT list.
final class CertificateDraft {
    let x509: OpaquePointer

    init() throws {
        guard let x509 = X509_new() else { throw CryptoError.openSSL("creating a certificate") }
        self.x509 = x509
    }

    deinit { X509_free(x509) }

    /// Version 3, a random positive 16-byte serial, the validity window, and the subject's key.
    func setFields(subject: [(String, String)], issuer: OpaquePointer?, notBefore: Date, notAfter: Date, publicKey: PublicKey) throws {
        var serial = (0..<16).map { _ in UInt8.random(in: 0...255) }
        serial[0] = (serial[0] & 0x7F) | 0x01  // positive and 16 bytes long, as RFC 5280 and webpki want
        guard X509_set_version(x509, 2) == 1,
              let number = BN_bin2bn(serial, Int32(serial.count), nil) else { throw CryptoError.openSSL("setting the serial") }
        defer { BN_free(number) }
        guard let integer = BN_to_ASN1_INTEGER(number, nil) else { throw CryptoError.openSSL("setting the serial") }
        defer { ASN1_INTEGER_free(integer) }
        guard X509_set_serialNumber(x509, integer) == 1 else { throw CryptoError.openSSL("setting the serial") }

        guard let name = X509_NAME_new() else { throw CryptoError.openSSL("making a name") }
        defer { X509_NAME_free(name) }
        for (field, value) in subject {
            let bytes = Array(value.utf8)
            guard X509_NAME_add_entry_by_txt(name, field, gantry_mbstring_utf8(), bytes, Int32(bytes.count), -1, 0) == 1 else {
                throw CryptoError.openSSL("adding \(field) to a name")
            }
        }
        guard X509_set_subject_name(x509, name) == 1,
              X509_set_issuer_name(x509, issuer.map { X509_get_subject_name($0) } ?? name) == 1 else {
            throw CryptoError.openSSL("setting the names")
        }
        guard ASN1_TIME_set(X509_getm_notBefore(x509), time_t(notBefore.timeIntervalSince1970)) != nil,
              ASN1_TIME_set(X509_getm_notAfter(x509), time_t(notAfter.timeIntervalSince1970)) != nil else {
            throw CryptoError.openSSL("setting the validity")
        }
        guard publicKey.key.use({ X509_set_pubkey(x509, $0) }) == 1 else { throw CryptoError.openSSL("setting the public key") }
    }

    /// RFC 5280's key identifier: SHA-1 of the subjectPublicKey bits of `certificate`.
    static func keyIdentifier(_ certificate: OpaquePointer) throws -> Data {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_pubkey_digest(certificate, EVP_sha1(), &digest, &length) == 1 else { throw CryptoError.openSSL("hashing a public key") }
        return Data(digest.prefix(Int(length)))
    }

    /// SubjectKeyIdentifier of this certificate's key and AuthorityKeyIdentifier of the issuer's.
    func addKeyIdentifiers(issuer: OpaquePointer?) throws {
        let own = try Self.keyIdentifier(x509)
        let authority = try issuer.map(Self.keyIdentifier) ?? own
        try add(X509Extension(oid: "2.5.29.14", value: DER.octetString(own)))
        try add(X509Extension(oid: "2.5.29.35", value: DER.sequence(DER.element(0x80, authority))))
    }

    func add(_ extensionValue: X509Extension) throws {
        guard let object = OBJ_txt2obj(extensionValue.oid, 1) else { throw CryptoError.openSSL("OID \(extensionValue.oid)") }
        defer { ASN1_OBJECT_free(object) }
        guard let octets = ASN1_OCTET_STRING_new() else { throw CryptoError.openSSL("making an extension") }
        defer { ASN1_OCTET_STRING_free(octets) }
        let bytes = [UInt8](extensionValue.value)
        guard ASN1_OCTET_STRING_set(octets, bytes, Int32(bytes.count)) == 1,
              let made = X509_EXTENSION_create_by_OBJ(nil, object, extensionValue.critical ? 1 : 0, octets) else {
            throw CryptoError.openSSL("making extension \(extensionValue.oid)")
        }
        defer { X509_EXTENSION_free(made) }
        guard X509_add_ext(x509, made, -1) == 1 else { throw CryptoError.openSSL("adding extension \(extensionValue.oid)") }
    }

    func remove(oid: String) throws {
        guard let object = OBJ_txt2obj(oid, 1) else { throw CryptoError.openSSL("OID \(oid)") }
        defer { ASN1_OBJECT_free(object) }
        let index = X509_get_ext_by_OBJ(x509, object, -1)
        guard index >= 0, let removed = X509_delete_ext(x509, index) else { throw CryptoError("no extension \(oid) to remove") }
        X509_EXTENSION_free(removed)
    }

    /// ECDSA with SHA-256 by the issuer's key.
    func sign(with key: ECDSAPrivateKey) throws {
        guard key.key.use({ X509_sign(x509, $0, EVP_sha256()) }) > 0 else { throw CryptoError.openSSL("signing a certificate") }
    }

    /// The DER TBSCertificate as it is now (re-encoded after any change).
    func tbsDER() throws -> Data { try encode("a TBS certificate") { i2d_re_X509_tbs(x509, $0) } }

    func der() throws -> Data { try encode("a certificate") { i2d_X509(x509, $0) } }

    /// What an OpenSSL `i2d_*` call writes into a buffer it allocates.
    private func encode(_ what: String, _ i2d: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>) -> Int32) throws -> Data {
        var pointer: UnsafeMutablePointer<UInt8>?
        let length = i2d(&pointer)
        guard length > 0, let pointer else { throw CryptoError.openSSL("encoding \(what)") }
        defer { CRYPTO_free(pointer, #file, #line) }
        return Data(bytes: pointer, count: Int(length))
    }

    /// A parsed DER certificate, freed by the caller.
    static func parse(_ der: Data) throws -> OpaquePointer {
        let parsed: OpaquePointer? = der.withUnsafeBytes { raw in
            var cursor = raw.bindMemory(to: UInt8.self).baseAddress
            return d2i_X509(nil, &cursor, raw.count)
        }
        guard let parsed else { throw CryptoError.openSSL("reading a DER certificate") }
        return parsed
    }
}
