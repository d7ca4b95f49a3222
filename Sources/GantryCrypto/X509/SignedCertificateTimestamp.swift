import Foundation

/// An RFC 6962 v1 SCT for a precertificate, signed by a CT log key (ECDSA P-256, SHA-256), and the
/// SignedCertificateTimestampList extension that embeds it in the final certificate.
public struct SignedCertificateTimestamp: Sendable {
    /// SHA-256 of the log key's DER public key (RFC 6962 §3.2 LogID).
    public let logID: Data
    /// Milliseconds since the epoch.
    public let timestamp: UInt64
    /// DER ECDSA signature over the `digitally-signed` struct.
    public let signature: Data

    /// Signs RFC 6962 §3.2's struct for a `precert_entry`: version, signature type, timestamp,
    /// entry type 1, the issuer's key hash, the TBS without the poison extension, no extensions.
    public init(precertificateTBS tbs: Data, issuerKey: PublicKey, logKey: ECDSAPrivateKey, at time: Date) throws {
        guard tbs.count < 1 << 24 else { throw CryptoError("a TBS certificate of \(tbs.count) bytes is too long for an SCT") }
        logID = SHA256Digest.bytes(logKey.publicKey.spki)
        timestamp = UInt64(time.timeIntervalSince1970 * 1000)
        var signed = Data([0, 0])  // v1, certificate_timestamp
        signed.append(Self.bigEndian(timestamp, bytes: 8))
        signed.append(Self.bigEndian(1, bytes: 2))  // precert_entry
        signed.append(SHA256Digest.bytes(issuerKey.spki))
        signed.append(Self.bigEndian(UInt64(tbs.count), bytes: 3))
        signed.append(tbs)
        signed.append(Self.bigEndian(0, bytes: 2))  // no CtExtensions
        signature = try logKey.sign(signed)
    }

    /// The TLS-encoded SCT (§3.2): version, log ID, timestamp, extensions, SHA-256 (4) with ECDSA (3).
    var serialized: Data {
        var out = Data([0])
        out.append(logID)
        out.append(Self.bigEndian(timestamp, bytes: 8))
        out.append(Self.bigEndian(0, bytes: 2))
        out.append(contentsOf: [4, 3])
        out.append(Self.bigEndian(UInt64(signature.count), bytes: 2))
        out.append(signature)
        return out
    }

    /// The `1.3.6.1.4.1.11129.2.4.2` extension: an OCTET STRING holding the list (§3.3).
    public var embeddedListExtension: X509Extension {
        let sct = serialized
        let list = Self.bigEndian(UInt64(sct.count + 2), bytes: 2) + Self.bigEndian(UInt64(sct.count), bytes: 2) + sct
        return X509Extension(oid: X509Extension.embeddedSCTListOID, value: DER.octetString(list))
    }

    static func bigEndian(_ value: UInt64, bytes: Int) -> Data {
        Data((0..<bytes).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) })
    }
}
