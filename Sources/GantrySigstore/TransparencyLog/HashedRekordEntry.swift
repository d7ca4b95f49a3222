import Foundation
import GantryCrypto

/// Rekor's `hashedrekord` v0.0.1: a signature over an artifact's digest, with the key or
/// certificate that made it. Refused unless the signature verifies over the digest, as Rekor does.
enum HashedRekordEntry {
    static func canonicalize(_ spec: EntryFields) throws(RekorError) -> CanonicalEntry {
        let signatureFields = try spec.object("signature")
        let signature = try signatureFields.base64("content")
        let keyPEM = try signatureFields.object("publicKey").base64("content")
        let hashFields = try spec.object("data").object("hash")
        let algorithmName = try hashFields.string("algorithm")
        guard let algorithm = HashAlgorithm(rawValue: algorithmName) else {
            throw RekorError(400, "\(hashFields.name("algorithm")) in body should be one of [sha256 sha384 sha512]")
        }
        let value = try hashFields.string("value")
        guard value.count == algorithm.size * 2, let digest = Data(hexString: value) else {
            throw RekorError.invalidEntry("invalid value for hash")
        }
        let verifier = try CanonicalEntry.canonicalVerifier(keyPEM, field: signatureFields.name("publicKey.content"))
        guard verifier.key.kind == .ecdsa || verifier.key.kind == .rsa else {
            throw RekorError.invalidEntry("verifying signature: only ECDSA and RSA keys are supported by this log")
        }
        guard verifier.key.verify(signature: signature, digest: digest, hash: algorithm) else {
            throw RekorError.invalidEntry("verifying signature: invalid signature when validating ASN.1 encoded signature")
        }
        let canonical = CanonicalJSON.object([
            "data": .object(["hash": .object(["algorithm": .string(algorithmName), "value": .string(value)])]),
            "signature": .object([
                "content": .string(signature.base64EncodedString()),
                "publicKey": .object(["content": .string(Data(verifier.pem.utf8).base64EncodedString())]),
            ]),
        ])
        return CanonicalEntry(kind: "hashedrekord", body: CanonicalEntry.body(kind: "hashedrekord", spec: canonical),
                              artifactHash: "\(algorithmName):\(value.lowercased())")
    }
}
