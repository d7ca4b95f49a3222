import Foundation
import GantryCrypto

/// A signed tree head in the signed-note format Rekor and sigstore clients use:
///
///     <hostname> - <tree ID>
///     <tree size>
///     <base64 root hash>
///
///     — <hostname> <base64(first 4 bytes of the log ID || ECDSA signature over the text above)>
enum Checkpoint {
    static func signed(hostname: String, key: LogKey, size: Int, rootHash: Data) throws -> String {
        let note = "\(hostname) - \(key.treeID)\n\(size)\n\(rootHash.base64EncodedString())\n"
        let signature = try key.privateKey.sign(Data(note.utf8))
        let keyHint = SHA256Digest.bytes(key.publicKey.spki).prefix(4)
        return note + "\n\u{2014} \(hostname) \((keyHint + signature).base64EncodedString())\n"
    }
}
