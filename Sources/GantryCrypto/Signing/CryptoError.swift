import COpenSSL

/// Why a key, certificate or signature could not be used or made; the text says what was wrong
/// with the input, or which OpenSSL step failed and OpenSSL's own reasons.
public struct CryptoError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }

    /// A failed OpenSSL call: what was being done, followed by the reasons on OpenSSL's error
    /// queue (which this empties).
    static func openSSL(_ doing: String) -> CryptoError {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return CryptoError(reasons.isEmpty ? doing : "\(doing): \(reasons.joined(separator: "; "))")
    }
}
