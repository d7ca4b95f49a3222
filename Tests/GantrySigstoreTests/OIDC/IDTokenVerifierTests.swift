import Foundation
import GantryCrypto
import GantrySigstore
import Testing

/// What the CA will rely on: only tokens this issuer signed, for the asked audience, inside their
/// time window, RS256 and untouched.
@Suite struct IDTokenVerifierTests {
    static let issuer = "https://gantry.example"

    static func claims(aud: IDTokenClaims.Audience = .one("sigstore"), issued: Date = Date(), lifetime: Int = 3600) -> IDTokenClaims {
        let iat = Int(issued.timeIntervalSince1970)
        return IDTokenClaims(namespaceID: "1", namespacePath: "group", projectID: "2", projectPath: "group/project", userID: "1",
                             pipelineID: "3", pipelineSource: "push", jobID: "4", ref: "v1.0.0", refType: "tag",
                             refPath: "refs/tags/v1.0.0", refProtected: "false", sha: String(repeating: "a", count: 40),
                             projectVisibility: "private", ciConfigRefURI: "gantry.example/group/project//.gitlab-ci.yml@refs/tags/v1.0.0",
                             ciConfigSHA: String(repeating: "a", count: 40), jti: UUID().uuidString, iss: issuer, iat: iat, nbf: iat - 5,
                             exp: iat + lifetime, sub: "project_path:group/project:ref_type:tag:ref:v1.0.0", aud: aud)
    }

    func withRing(_ body: (OIDCKeyRing) throws -> Void) throws {
        let folder = OIDCKeyRingTests.folder()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try body(try OIDCKeyRing(folder: folder))
    }

    func sign(_ ring: OIDCKeyRing, _ claims: IDTokenClaims) throws -> String {
        try ring.signJWT(payload: try claims.json(), expires: Date(timeIntervalSince1970: TimeInterval(claims.exp)))
    }

    @Test func acceptsItsOwnTokenForItsAudience() throws {
        try withRing { ring in
            let token = try sign(ring, Self.claims(aud: .many(["other", "sigstore"])))
            let claims = try IDTokenVerifier(issuer: Self.issuer, keyRing: ring).verify(token, audience: "sigstore")
            #expect(claims.projectPath == "group/project" && claims.refPath == "refs/tags/v1.0.0")
        }
    }

    @Test func refusesAnotherAudienceAnExpiredTokenAndAnotherIssuer() throws {
        try withRing { ring in
            let verifier = try IDTokenVerifier(issuer: Self.issuer, keyRing: ring)
            let other = try sign(ring, Self.claims(aud: .one("vault")))
            #expect(throws: JWTError("the token is for audience vault, not sigstore")) { try verifier.verify(other, audience: "sigstore") }
            let expired = try sign(ring, Self.claims(issued: Date().addingTimeInterval(-7200)))
            #expect { try verifier.verify(expired, audience: "sigstore") } throws: { "\($0)".contains("expired") }
            let early = try sign(ring, Self.claims(issued: Date().addingTimeInterval(600)))
            #expect { try verifier.verify(early, audience: "sigstore") } throws: { "\($0)".contains("not valid before") }
            var elsewhere = Self.claims()
            elsewhere.iss = "https://gitlab.example"
            #expect { try verifier.verify(try sign(ring, elsewhere), audience: "sigstore") } throws: { "\($0)".contains("issued by") }
        }
    }

    @Test func refusesAForeignKeyATamperedPayloadAndAlgNone() throws {
        try withRing { ring in
            try withRing { foreign in
                let verifier = try IDTokenVerifier(issuer: Self.issuer, keyRing: ring)
                let forged = try sign(foreign, Self.claims())
                #expect { try verifier.verify(forged, audience: "sigstore") } throws: { "\($0)".contains("does not publish") }
                // The foreign token under our kid: the signature gives it away.
                let parts = forged.split(separator: ".")
                let header = Base64URL.encode(Data(#"{"alg":"RS256","kid":"\#(try ring.currentKeyID())"}"#.utf8))
                #expect { try verifier.verify("\(header).\(parts[1]).\(parts[2])", audience: "sigstore") } throws: {
                    "\($0)".contains("does not verify")
                }
            }
            let verifier = try IDTokenVerifier(issuer: Self.issuer, keyRing: ring)
            let token = try sign(ring, Self.claims())
            let parts = token.split(separator: ".")
            var changed = Self.claims()
            changed.projectPath = "attacker/project"
            let tampered = "\(parts[0]).\(Base64URL.encode(try changed.json())).\(parts[2])"
            #expect { try verifier.verify(tampered, audience: "sigstore") } throws: { "\($0)".contains("does not verify") }
            let none = Base64URL.encode(Data(#"{"alg":"none"}"#.utf8)) + ".\(parts[1])."
            #expect { try verifier.verify(none, audience: "sigstore") } throws: { "\($0)".contains("only RS256") }
            #expect { try verifier.verify(String(repeating: "a", count: 20_000), audience: "sigstore") } throws: {
                "\($0)".contains("longer than")
            }
        }
    }
}
