import COpenSSL
import Foundation

/// SHA-256 through OpenSSL's EVP interface: cache keys from file contents, artifact and package checksums.
public final class SHA256Digest {
    /// A class, so that the OpenSSL context has one owner and is freed once.
    private var context: OpaquePointer?

    public init() {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { if let context { EVP_MD_CTX_free(context) } }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    public func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    public func update(_ text: String) {
        update(Data(text.utf8))
    }

    /// The digest's bytes; the digest cannot be updated afterwards.
    public func finalize() -> Data {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &out, &length)
        EVP_MD_CTX_free(context)
        context = nil
        return Data(out.prefix(Int(length)))
    }

    /// The digest as lower-case hex; the digest cannot be updated afterwards.
    public func finalizeHex() -> String {
        finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The 32 bytes of the SHA-256 of `data`.
    public static func bytes(_ data: Data) -> Data {
        let d = SHA256Digest()
        d.update(data)
        return d.finalize()
    }

    public static func hex(_ data: Data) -> String {
        let d = SHA256Digest()
        d.update(data)
        return d.finalizeHex()
    }

    /// The digest of a file's contents, read in chunks; nil when it cannot be read.
    public static func hex(ofFile path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let d = SHA256Digest()
        while let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty { d.update(chunk) }
        return d.finalizeHex()
    }
}
