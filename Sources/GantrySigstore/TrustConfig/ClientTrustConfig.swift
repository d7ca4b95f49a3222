import Foundation
import GantryCrypto

/// What a sigstore client needs to sign and verify against this server
/// (`sigstore --trust-config FILE`): a ClientTrustConfig v0.1 holding the trusted root (the CA's
/// root certificate, the transparency log's key, the CT log's key) and the signing config (the
/// CA and log URLs), in the protobuf-specs JSON shapes sigstore-python 4.x parses.
public struct ClientTrustConfig: Sendable {
    public static let mediaType = "application/vnd.dev.sigstore.clienttrustconfig.v0.1+json"

    public let baseURL: String
    public let authority: CertificateAuthority
    public let transparencyLogKey: PublicKey
    public let transparencyLogCreated: Date

    public init(baseURL: String, authority: CertificateAuthority, transparencyLogKey: PublicKey, transparencyLogCreated: Date) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.authority = authority
        self.transparencyLogKey = transparencyLogKey
        self.transparencyLogCreated = transparencyLogCreated
    }

    public func json() throws -> Data {
        let document: [String: Any] = [
            "mediaType": Self.mediaType,
            "trustedRoot": trustedRoot,
            "signingConfig": signingConfig,
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted])
    }

    private var trustedRoot: [String: Any] {
        [
            "mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
            "tlogs": [Self.log(baseURL, key: transparencyLogKey, since: transparencyLogCreated)],
            "certificateAuthorities": [[
                "subject": ["organization": URL(string: baseURL)?.host ?? "gantry", "commonName": "gantry-ca"],
                "uri": baseURL,
                "certChain": ["certificates": [["rawBytes": authority.issuer.certificate.base64EncodedString()]]],
                "validFor": ["start": Self.time(authority.rootCreated)],
            ] as [String: Any]],
            "ctlogs": [Self.log(baseURL, key: authority.logKey.publicKey, since: authority.logKeyCreated)],
            "timestampAuthorities": [] as [Any],
        ]
    }

    private var signingConfig: [String: Any] {
        func service(_ url: String, since: Date) -> [String: Any] {
            ["url": url, "majorApiVersion": 1, "validFor": ["start": Self.time(since)], "operator": URL(string: baseURL)?.host ?? "gantry"]
        }
        return [
            "mediaType": "application/vnd.dev.sigstore.signingconfig.v0.2+json",
            "caUrls": [service(baseURL, since: authority.rootCreated)],
            "oidcUrls": [service(baseURL, since: authority.rootCreated)],
            "rekorTlogUrls": [service(baseURL, since: transparencyLogCreated)],
            "tsaUrls": [] as [Any],
            "rekorTlogConfig": ["selector": "ANY"],
            "tsaConfig": ["selector": "ANY"],
        ]
    }

    /// A transparency or CT log: its URL, its P-256 key (DER SPKI) and the log ID clients match
    /// entries and SCTs against (SHA-256 of that DER).
    private static func log(_ url: String, key: PublicKey, since: Date) -> [String: Any] {
        [
            "baseUrl": url,
            "hashAlgorithm": "SHA2_256",
            "publicKey": ["rawBytes": key.spki.base64EncodedString(), "keyDetails": "PKIX_ECDSA_P256_SHA_256",
                          "validFor": ["start": time(since)]] as [String: Any],
            "logId": ["keyId": SHA256Digest.bytes(key.spki).base64EncodedString()],
        ]
    }

    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: floor(date.timeIntervalSince1970)))
    }
}
