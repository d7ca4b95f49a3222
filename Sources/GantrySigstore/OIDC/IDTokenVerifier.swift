import Foundation
import GantryCrypto

/// Checks an ID token as a relying party must: an RS256 signature by one of the issuer's
/// published keys, the issuer, the audience, and the time window (`nbf` ≤ now < `exp`). What the
/// certificate authority calls before it trusts a token's identity; PyJWT does the same from the
/// issuer's URL alone (docs/signing.md).
public struct IDTokenVerifier: Sendable {
    public let issuer: String
    public let keys: JSONWebKeySet

    public init(issuer: String, keys: JSONWebKeySet) {
        self.issuer = issuer
        self.keys = keys
    }

    /// With the keys a key ring publishes now.
    public init(issuer: String, keyRing: OIDCKeyRing) throws {
        self.init(issuer: issuer, keys: try keyRing.keySet())
    }

    /// The token's claims, once every check has passed; a `JWTError` saying which failed otherwise.
    public func verify(_ token: String, audience: String, now: Date = Date()) throws -> IDTokenClaims {
        let jwt = try JSONWebToken(compact: token)
        guard jwt.header.alg == JSONWebToken.algorithm else {
            throw JWTError("the token is signed with \(jwt.header.alg); only \(JSONWebToken.algorithm) is accepted")
        }
        let candidates = keys.keys.filter { jwt.header.kid == nil || $0.kid == jwt.header.kid }
        guard !candidates.isEmpty else {
            throw JWTError("the token was signed by key \(jwt.header.kid ?? "?"), which \(issuer) does not publish")
        }
        guard try candidates.contains(where: { jwt.verifies(with: try $0.publicKey()) }) else {
            throw JWTError("the token's signature does not verify with \(issuer)'s key")
        }
        let claims: IDTokenClaims
        do {
            claims = try JSONDecoder().decode(IDTokenClaims.self, from: jwt.payload)
        } catch {
            throw JWTError("the token's claims are not those of a CI job's ID token: \(error)")
        }
        guard claims.iss == issuer else { throw JWTError("the token was issued by \(claims.iss), not \(issuer)") }
        guard claims.aud.values.contains(audience) else {
            throw JWTError("the token is for audience \(claims.aud.values.joined(separator: ", ")), not \(audience)")
        }
        let seconds = Int(now.timeIntervalSince1970)
        guard seconds < claims.exp else { throw JWTError("the token expired at \(claims.exp) (now \(seconds))") }
        guard claims.nbf <= seconds else { throw JWTError("the token is not valid before \(claims.nbf) (now \(seconds))") }
        return claims
    }
}
