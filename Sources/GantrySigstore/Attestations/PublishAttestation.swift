import Foundation
import GantryCrypto

/// One PEP 740 attestation object as twine uploads it (pypi-attestations' `Attestation`):
/// `version` 1, `verification_material` (the signing certificate, base64 DER, and one or more
/// Rekor transparency log entries) and `envelope` (the in-toto statement and its DSSE signature,
/// each base64). Parsed only: `AttestationVerifier` decides whether it holds.
struct PublishAttestation {
    let certificate: Data
    /// The first transparency entry's `canonicalizedBody`: the log entry that must be Gantry's.
    let loggedBody: Data
    let transparencyEntries: [Any]
    let statement: Data
    let signature: Data

    init(_ value: Any, at path: String) throws(AttestationError) {
        do {
            let fields = try EntryFields(value, at: path)
            guard fields.fields["version"] as? Int == 1 else {
                throw AttestationError.malformed("\(fields.name("version")) must be 1")
            }
            let material = try fields.object("verification_material")
            certificate = try material.base64("certificate")
            transparencyEntries = try material.array("transparency_entries")
            guard !transparencyEntries.isEmpty else {
                throw AttestationError.malformed("\(material.name("transparency_entries")) must hold at least one log entry")
            }
            loggedBody = try EntryFields(transparencyEntries[0], at: material.name("transparency_entries[0]")).base64("canonicalizedBody")
            let envelope = try fields.object("envelope")
            statement = try envelope.base64("statement")
            signature = try envelope.base64("signature")
        } catch let error as RekorError {
            throw AttestationError.malformed(error.message.replacingOccurrences(of: " in body", with: ""))
        } catch let error as AttestationError {
            throw error
        } catch {
            throw AttestationError.malformed("\(error)")
        }
    }

    /// The attestation as the provenance object serves it: only the fields PEP 740 defines, and
    /// only the log entry that was checked (the first), so nothing unchecked is served.
    var json: [String: Any] {
        [
            "version": 1,
            "verification_material": ["certificate": certificate.base64EncodedString(),
                                      "transparency_entries": [transparencyEntries[0]]],
            "envelope": ["statement": statement.base64EncodedString(), "signature": signature.base64EncodedString()],
        ]
    }
}
