import Foundation
import GantryCrypto

/// Tokens Gantry hands out, GitLab-style prefixed (`glpat-` personal, `glrt-` runner, `glcbt-`
/// job), and their digests: the store keeps only the sha256 of a secret, never the secret.
public enum Secrets {
    public static func generate(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
        return prefix + String((0..<24).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }

    public static func digest(_ secret: String) -> String {
        let d = SHA256Digest()
        d.update(secret)
        return d.finalizeHex()
    }
}
