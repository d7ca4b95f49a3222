import Foundation
import Glibc
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
            try writeNew(key.pem, to: url)
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

    /// Writes a new key readable by the server's user only, never over an existing file (two
    /// starts racing keep the first key).
    private static func writeNew(_ text: String, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw CryptoError("cannot create \(url.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard Glibc.write(fd, bytes, bytes.count) == bytes.count, fsync(fd) == 0 else {
            throw CryptoError("cannot write \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}
