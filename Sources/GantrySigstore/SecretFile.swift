import Foundation
import Glibc
import GantryCrypto

/// Files holding the server's private keys (`DATA/sigstore/`).
enum SecretFile {
    /// Writes a new file readable by the server's user only, in a 0700 folder, never over an
    /// existing file (two starts racing keep the first key).
    static func writeNew(_ text: String, to url: URL) throws {
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

    /// An EC key from `url`, made and written there when missing.
    static func ecdsaKey(at url: URL) throws -> ECDSAPrivateKey {
        if let text = try? String(contentsOf: url, encoding: .utf8) {
            do {
                return try ECDSAPrivateKey(pem: text)
            } catch {
                throw CryptoError("\(url.path): \(error)")
            }
        }
        let key = try ECDSAPrivateKey.generateP256()
        do {
            try writeNew(key.pem, to: url)
        } catch where FileManager.default.fileExists(atPath: url.path) {
            // Another start won the race; its key is the one on disk.
        }
        return try ECDSAPrivateKey(pem: String(contentsOf: url, encoding: .utf8))
    }
}
