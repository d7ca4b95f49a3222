import Foundation

/// An RSA public key as a JWK (RFC 7517), the shape of each key of an OIDC issuer's `jwks_uri`.
/// Its `kid` is the key's RFC 7638 thumbprint, so the same key always has the same id.
public struct JSONWebKey: Codable, Sendable, Equatable {
    public var kty: String
    public var kid: String
    public var use: String?
    public var alg: String?
    public var n: String
    public var e: String

    public init(publicKeyOf key: RSAKey) {
        kty = "RSA"
        n = Base64URL.encode(key.modulus)
        e = Base64URL.encode(key.exponent)
        kid = Self.thumbprint(n: n, e: e)
        use = "sig"
        alg = JSONWebToken.algorithm
    }

    /// RFC 7638: SHA-256 of the required members in lexicographic order, no spaces.
    static func thumbprint(n: String, e: String) -> String {
        Base64URL.encode(SHA256Digest.bytes(Data(#"{"e":"\#(e)","kty":"RSA","n":"\#(n)"}"#.utf8)))
    }

    /// The key, for verifying; fails for anything but an RSA key of sane size.
    public func publicKey() throws -> PublicKey {
        guard kty == "RSA", let modulus = Base64URL.decode(n), let exponent = Base64URL.decode(e),
              (256...1024).contains(modulus.count), (1...8).contains(exponent.count) else {
            throw JWTError("key \(kid) is not an RSA key of 2048 to 8192 bits")
        }
        return try RSAKey(modulus: modulus, exponent: exponent).publicKey
    }
}

/// The document at an issuer's `jwks_uri`: `{"keys": [...]}`.
public struct JSONWebKeySet: Codable, Sendable, Equatable {
    public var keys: [JSONWebKey]
    public init(keys: [JSONWebKey]) { self.keys = keys }
}
