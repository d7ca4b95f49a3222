import COpenSSL

/// A failed OpenSSL call: what was being done and OpenSSL's own reason, from its error queue.
public struct OpenSSLError: Error, CustomStringConvertible {
    public let description: String

    init(_ doing: String) {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        description = reasons.isEmpty ? doing : "\(doing): \(reasons.joined(separator: "; "))"
    }
}
