import Foundation

/// A JWT in compact serialisation (RFC 7519), signed RS256: `base64url(header).base64url(payload).
/// base64url(signature)`. Parsing checks the shape only; ``verifies(with:)`` checks the signature.
/// What the claims mean is the caller's business (``IDTokenClaims`` for CI jobs' ID tokens).
public struct JSONWebToken: Sendable {
    public static let algorithm = "RS256"
    /// Larger tokens are refused before any decoding: a request cannot make us parse megabytes.
    public static let maxLength = 16 * 1024

    public struct Header: Codable, Sendable {
        public var alg: String
        public var typ: String?
        public var kid: String?
    }

    public let header: Header
    /// The claims as JSON bytes.
    public let payload: Data
    let signingInput: Data
    let signature: Data

    public init(compact token: String) throws {
        guard token.utf8.count <= Self.maxLength else { throw JWTError("the token is longer than \(Self.maxLength) bytes") }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw JWTError("a JWT has three parts separated by dots; this has \(parts.count)") }
        guard let headerBytes = Base64URL.decode(parts[0]), let payload = Base64URL.decode(parts[1]),
              let signature = Base64URL.decode(parts[2]) else {
            throw JWTError("a part of the token is not base64url")
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: headerBytes) else {
            throw JWTError("the token's header is not a JSON object with an alg")
        }
        self.header = header
        self.payload = payload
        self.signature = signature
        signingInput = Data("\(parts[0]).\(parts[1])".utf8)
    }

    /// A signed token of `payload` (JSON bytes), its header naming the key (`kid`).
    public static func sign(payload: Data, with key: RSAKey, keyID: String) throws -> String {
        let header = #"{"alg":"\#(algorithm)","kid":"\#(keyID)","typ":"JWT"}"#
        let input = Base64URL.encode(Data(header.utf8)) + "." + Base64URL.encode(payload)
        let signature = try key.signSHA256(Data(input.utf8))
        return input + "." + Base64URL.encode(signature)
    }

    /// Whether the token is RS256 and signed by `key`. Any other `alg` (`none`, `HS256` with the
    /// public key as a secret) is refused, whatever the header says.
    public func verifies(with key: PublicKey) -> Bool {
        header.alg == Self.algorithm && key.kind == .rsa && key.verify(signature: signature, message: signingInput)
    }
}
