import Foundation
import GantryCrypto

/// Rekor's `dsse` v0.0.1: a DSSE envelope (in-toto attestations, as `sigstore attest` and cosign
/// send them) with the keys or certificates that signed it. Every signature must verify with one
/// of the verifiers over the envelope's PAE; the log keeps the envelope's and payload's hashes and
/// the signatures with their verifiers, not the envelope.
enum DSSEEntry {
    /// More would only cost verification time.
    static let maxSignatures = 10

    static func canonicalize(_ spec: EntryFields) throws(RekorError) -> CanonicalEntry {
        let proposed = try spec.object("proposedContent")
        let envelopeText = try proposed.string("envelope")
        let verifierItems = try proposed.array("verifiers")
        guard !verifierItems.isEmpty, verifierItems.count <= maxSignatures else {
            throw RekorError(400, "\(proposed.name("verifiers")) must hold 1 to \(maxSignatures) keys")
        }
        var verifiers: [(pem: String, key: PublicKey)] = []
        for (i, item) in verifierItems.enumerated() {
            let field = proposed.name("verifiers[\(i)]")
            guard let text = item as? String, let pem = Data(base64Encoded: text) else {
                throw RekorError(400, "\(field) in body must be of type byte (base64)")
            }
            verifiers.append(try CanonicalEntry.canonicalVerifier(pem, field: field))
        }

        guard let envelopeJSON = try? JSONSerialization.jsonObject(with: Data(envelopeText.utf8)) else {
            throw RekorError.invalidEntry("the DSSE envelope is not JSON")
        }
        let envelope = try EntryFields(envelopeJSON, at: "envelope")
        let payload = try envelope.base64("payload")
        let payloadType = try envelope.string("payloadType")
        let signatureItems = try envelope.array("signatures")
        guard !signatureItems.isEmpty else { throw RekorError.invalidEntry("DSSE envelope must contain 1 or more signatures") }
        guard signatureItems.count <= maxSignatures else {
            throw RekorError.invalidEntry("a DSSE envelope may hold at most \(maxSignatures) signatures here")
        }
        let message = pae(type: payloadType, payload: payload)
        var signatures: [String: CanonicalJSON] = [:]
        for (i, item) in signatureItems.enumerated() {
            let fields = try EntryFields(item, at: "envelope.signatures[\(i)]")
            let encoded = try fields.string("sig")
            guard let signature = Data(base64Encoded: encoded) else {
                throw RekorError.invalidEntry("\(fields.name("sig")) is not base64")
            }
            guard let verifier = verifiers.first(where: { $0.key.verify(signature: signature, message: message) }) else {
                throw RekorError.invalidEntry("could not verify envelope: all signatures must have a key that verifies it")
            }
            signatures[encoded] = .object(["signature": .string(encoded),
                                           "verifier": .string(Data(verifier.pem.utf8).base64EncodedString())])
        }
        let payloadHash = SHA256Digest.hex(payload)
        let canonical = CanonicalJSON.object([
            "envelopeHash": .object(["algorithm": .string("sha256"), "value": .string(SHA256Digest.hex(Data(envelopeText.utf8)))]),
            "payloadHash": .object(["algorithm": .string("sha256"), "value": .string(payloadHash)]),
            // Sorted by signature, as Rekor sorts them.
            "signatures": .array(signatures.keys.sorted().map { signatures[$0]! }),
        ])
        return CanonicalEntry(kind: "dsse", body: CanonicalEntry.body(kind: "dsse", spec: canonical), artifactHash: "sha256:\(payloadHash)")
    }

    /// DSSE's pre-authentication encoding: what each signature covers.
    static func pae(type: String, payload: Data) -> Data {
        var out = Data("DSSEv1 \(type.utf8.count) \(type) \(payload.count) ".utf8)
        out.append(payload)
        return out
    }
}
