import Foundation

/// Something that signs JWTs with a key of its own and publishes the public half (an OIDC
/// issuer's key ring). Defined here, below every target, so that the server and `gantry run` can
/// be handed one without knowing where its keys live.
public protocol JWTSigning: Sendable {
    /// A compact RS256 JWT of `payload` (JSON bytes), its header naming the key that signed it.
    /// `expires` is the token's `exp`: a key is published until the last token it signed expired.
    func signJWT(payload: Data, expires: Date) throws -> String
}
