import Foundation
import GantryCrypto
import GantryStore

/// The log's identity: its P-256 signing key (made on first start, `DATA/sigstore/transparency-log.key`,
/// mode 0600) and its tree ID (a random number kept in the store's settings). The log ID clients
/// know it by is the SHA-256 of the key's DER public key.
struct LogKey: Sendable {
    let privateKey: ECDSAPrivateKey
    let publicKey: PublicKey
    let treeID: Int64

    static let treeIDSetting = "transparency_log_tree_id"

    static func file(dataRoot: URL) -> URL {
        dataRoot.appendingPathComponent("sigstore").appendingPathComponent("transparency-log.key")
    }

    /// The log ID: hex SHA-256 of the public key's DER.
    var logID: String { SHA256Digest.hex(publicKey.spki) }

    /// Loads the key and tree ID, making them when `create` (the server's first start); `gantry
    /// admin transparency-log check` only reads.
    static func load(dataRoot: URL, store: any Store, create: Bool) throws -> LogKey {
        let url = file(dataRoot: dataRoot)
        let key: ECDSAPrivateKey
        if let text = try? String(contentsOf: url, encoding: .utf8) {
            do {
                key = try ECDSAPrivateKey(pem: text)
            } catch {
                throw CryptoError("\(url.path): \(error)")
            }
        } else if create {
            key = try ECDSAPrivateKey.generateP256()
            try SecretFile.writeNew(key.pem, to: url)
        } else {
            throw CryptoError("no transparency log key at \(url.path): the server makes it on its first start")
        }
        var treeID = try store.setting(treeIDSetting).flatMap { Int64($0) }
        if treeID == nil {
            guard create else { throw CryptoError("the store has no transparency log tree ID: the server makes it on its first start") }
            let made = Int64.random(in: 1...Int64.max)
            try store.setSetting(treeIDSetting, String(made))
            treeID = made
        }
        return LogKey(privateKey: key, publicKey: key.publicKey, treeID: treeID!)
    }
}
