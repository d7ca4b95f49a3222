import COpenSSL
import Foundation

/// The digests a signature may be made over (Rekor's hashedrekord accepts these three).
public enum HashAlgorithm: String, Sendable, CaseIterable {
    case sha256, sha384, sha512

    public var size: Int {
        switch self {
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    var evp: OpaquePointer? {
        switch self {
        case .sha256: EVP_sha256()
        case .sha384: EVP_sha384()
        case .sha512: EVP_sha512()
        }
    }

    public func digest(_ data: Data) -> Data {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        data.withUnsafeBytes { raw in _ = EVP_Digest(raw.baseAddress, raw.count, &out, &length, evp, nil) }
        return Data(out.prefix(Int(length)))
    }
}
