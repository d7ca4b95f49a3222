import Foundation
import GantryCrypto

/// An entry the log accepts, in Rekor's canonical form: what a `POST /api/v1/log/entries` or an
/// `entries` search names, checked (its signatures verify) and reduced to the bytes the tree hashes.
struct CanonicalEntry: Sendable {
    /// `hashedrekord` or `dsse`.
    let kind: String
    /// The canonical body: JSON with sorted keys, as Rekor stores and serves it (base64).
    let body: Data
    /// `sha256:<hex>` of the artifact (hashedrekord) or the DSSE payload, for searches.
    let artifactHash: String

    var leafHash: Data { MerkleTree.leafHash(body) }

    /// The kinds and versions this log takes: what sigstore-python and cosign send.
    static let apiVersion = "0.0.1"

    /// Parses and checks a proposed entry (`{"kind": ..., "apiVersion": ..., "spec": {...}}`).
    static func from(json: Any) throws(RekorError) -> CanonicalEntry {
        let entry = try EntryFields(json, at: "")
        let kind = try entry.string("kind")
        guard kind == "hashedrekord" || kind == "dsse" else {
            throw RekorError.invalidEntry("kind \(kind) is not supported by this log (hashedrekord and dsse are)")
        }
        let version = try entry.string("apiVersion")
        guard version == apiVersion else {
            throw RekorError.invalidEntry("\(kind) implementation for version '\(version)' not found (this log has \(apiVersion))")
        }
        let spec = try entry.object("spec")
        return kind == "hashedrekord" ? try HashedRekordEntry.canonicalize(spec) : try DSSEEntry.canonicalize(spec)
    }

    /// The body `{"apiVersion": "0.0.1", "kind": kind, "spec": spec}` as canonical JSON.
    static func body(kind: String, spec: CanonicalJSON) -> Data {
        CanonicalJSON.object(["apiVersion": .string(apiVersion), "kind": .string(kind), "spec": spec]).data
    }

    /// A verifier (public key or certificate PEM) as Rekor keeps it: each PEM block encoded again
    /// in the standard form, so equal keys give equal bodies; its key checks signatures.
    static func canonicalVerifier(_ pem: Data, field: String) throws(RekorError) -> (pem: String, key: PublicKey) {
        guard let text = String(data: pem, encoding: .utf8) else { throw RekorError.invalidEntry("\(field): invalid public key: not PEM text") }
        do {
            let blocks = try PEMBlock.decode(text)
            guard let first = blocks.first else { throw CryptoError("failure decoding PEM") }
            if blocks.count > 1, blocks.contains(where: { $0.type != "CERTIFICATE" }) {
                throw CryptoError("a chain may hold certificates only")
            }
            let key: PublicKey
            switch first.type {
            case "CERTIFICATE": key = try PublicKey(certificateDER: first.der)
            case "PUBLIC KEY": key = try PublicKey(spki: first.der)
            default: throw CryptoError("cannot handle type \(first.type)")
            }
            for block in blocks.dropFirst() { _ = try PublicKey(certificateDER: block.der) }
            return (blocks.map(\.text).joined(), key)
        } catch {
            throw RekorError.invalidEntry("\(field): invalid public key: \(error)")
        }
    }
}

/// A JSON object of a proposed entry, whose accessors name the key path of what is missing or wrong.
struct EntryFields {
    let fields: [String: Any]
    let path: String

    init(_ value: Any?, at path: String) throws(RekorError) {
        guard let fields = value as? [String: Any] else {
            throw RekorError(400, path.isEmpty ? "the request body must be a JSON object" : "\(path) must be an object")
        }
        self.fields = fields
        self.path = path
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func object(_ key: String) throws(RekorError) -> EntryFields {
        guard fields[key] != nil else { throw RekorError(400, "\(name(key)) in body is required") }
        return try EntryFields(fields[key], at: name(key))
    }

    func string(_ key: String) throws(RekorError) -> String {
        guard let value = fields[key] else { throw RekorError(400, "\(name(key)) in body is required") }
        guard let text = value as? String else { throw RekorError(400, "\(name(key)) in body must be of type string") }
        return text
    }

    /// A base64 string field, decoded (standard alphabet, as Go's strfmt.Base64).
    func base64(_ key: String) throws(RekorError) -> Data {
        let text = try string(key)
        guard !text.isEmpty, let data = Data(base64Encoded: text) else {
            throw RekorError(400, "\(name(key)) in body must be of type byte (base64)")
        }
        return data
    }

    func array(_ key: String) throws(RekorError) -> [Any] {
        guard let value = fields[key] else { throw RekorError(400, "\(name(key)) in body is required") }
        guard let items = value as? [Any] else { throw RekorError(400, "\(name(key)) in body must be of type array") }
        return items
    }
}
