import Foundation
import GantryCrypto
import GantryHTTP

/// The issuer's public face, at GitLab's paths: `/.well-known/openid-configuration` (OpenID
/// Connect Discovery 1.0) names the issuer and its `jwks_uri`, `/oauth/discovery/keys`, which
/// lists the keys tokens are signed with. Both are public, as on GitLab: they hold no secret.
public struct OIDCDiscovery: Sendable {
    public static let configurationPath = "/.well-known/openid-configuration"
    public static let keysPath = "/oauth/discovery/keys"

    public let issuer: String
    public let keyRing: OIDCKeyRing

    public init(issuer: String, keyRing: OIDCKeyRing) {
        self.issuer = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        self.keyRing = keyRing
    }

    public func register(_ router: inout Router) {
        router.add("GET", Self.configurationPath) { _ in .json(try configuration()) }
        router.add("GET", Self.keysPath) { _ in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            // Short caching: a rotated key must reach relying parties soon.
            return .json(try encoder.encode(try keyRing.keySet()), headers: [("Cache-Control", "max-age=60, public")])
        }
    }

    func configuration() throws -> Data {
        let document: [String: Any] = [
            "issuer": issuer,
            "jwks_uri": issuer + Self.keysPath,
            "response_types_supported": ["id_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": [JSONWebToken.algorithm],
            "scopes_supported": ["openid"],
            "claims_supported": IDTokenClaims.claimNames,
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}
