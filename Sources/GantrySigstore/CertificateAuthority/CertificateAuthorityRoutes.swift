import Foundation
import GantryCrypto
import GantryHTTP

/// Fulcio's v2 REST API as sigstore-python and cosign call it: `POST /api/v2/signingCert` (an ID
/// token this server issued, audience `sigstore`, plus proof that the caller holds the key) and
/// `GET /api/v2/trustBundle`.
public struct CertificateAuthorityRoutes: Sendable {
    let authority: CertificateAuthority
    let tokens: @Sendable () throws -> IDTokenVerifier

    /// Fulcio's audience for ID tokens.
    public static let audience = "sigstore"
    static let maxBody = 64 * 1024

    /// `tokens` gives the verifier with the issuer's keys as they are now (keys rotate).
    public init(authority: CertificateAuthority, tokens: @escaping @Sendable () throws -> IDTokenVerifier) {
        self.authority = authority
        self.tokens = tokens
    }

    public func register(_ router: inout Router) {
        router.add("POST", "/api/v2/signingCert", signingCertificate)
        router.add("GET", "/api/v2/trustBundle", trustBundle)
    }

    private func signingCertificate(_ request: HTTPRequest) throws -> HTTPResponse {
        let body = try request.bodyData()
        guard body.count <= Self.maxBody,
              let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw FulcioError.invalidArgument("the request body is not a JSON object")
        }
        let token = try Self.bearer(request) ?? ((json["credentials"] as? [String: Any])?["oidcIdentityToken"] as? String)
        guard let token, !token.isEmpty else { throw FulcioError.unauthenticated("there was an error processing the identity token: no token") }
        let claims: IDTokenClaims
        do {
            claims = try tokens().verify(token, audience: Self.audience)
        } catch {
            throw FulcioError.unauthenticated("there was an error processing the identity token: \(error)")
        }
        let publicKey = try Self.provenKey(json, subject: claims.sub)
        let chain = try authority.issue(publicKey: publicKey, claims: claims)
        let answer: [String: Any] = ["signedCertificateEmbeddedSct": ["chain": ["certificates": chain]]]
        return .json(status: 201, try JSONSerialization.data(withJSONObject: answer, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    private func trustBundle(_ request: HTTPRequest) throws -> HTTPResponse {
        let answer: [String: Any] = ["chains": [["certificates": [authority.rootPEM]]]]
        return .json(status: 200, try JSONSerialization.data(withJSONObject: answer, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    static func bearer(_ request: HTTPRequest) throws -> String? {
        guard let header = request.header("Authorization") else { return nil }
        guard header.lowercased().hasPrefix("bearer ") else { throw FulcioError.unauthenticated("the Authorization header is not a bearer token") }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    /// The key to certify and the proof its holder has the private key: a CSR's own signature, or
    /// (`publicKeyRequest`) a signature over the token's subject, as Fulcio checks them.
    static func provenKey(_ json: [String: Any], subject: String) throws -> PublicKey {
        if let csr = json["certificateSigningRequest"] as? String {
            guard let bytes = Data(base64Encoded: csr) else { throw FulcioError.invalidArgument("certificateSigningRequest is not base64") }
            do {
                return try CertificateRequest(pemOrDER: bytes).publicKey
            } catch {
                throw FulcioError.invalidArgument("invalid certificate signing request: \(error)")
            }
        }
        guard let keyRequest = json["publicKeyRequest"] as? [String: Any],
              let content = (keyRequest["publicKey"] as? [String: Any])?["content"] as? String,
              let proof = (keyRequest["proofOfPossession"] as? String).flatMap({ Data(base64Encoded: $0) }) else {
            throw FulcioError.invalidArgument("the request needs a certificateSigningRequest, or a publicKeyRequest with publicKey.content and proofOfPossession")
        }
        let key: PublicKey
        do {
            key = try PublicKey(pem: content)
        } catch {
            throw FulcioError.invalidArgument("invalid public key: \(error)")
        }
        guard key.verify(signature: proof, message: Data(subject.utf8)) else {
            throw FulcioError.invalidArgument("the proof of possession does not verify: sign the token's subject with the private key")
        }
        return key
    }
}
