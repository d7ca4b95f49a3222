import Foundation

/// PEM blocks (RFC 7468): `-----BEGIN TYPE-----`, base64 of DER, `-----END TYPE-----`.
public struct PEMBlock: Sendable, Equatable {
    public let type: String
    public let der: Data

    public init(type: String, der: Data) {
        self.type = type
        self.der = der
    }

    /// The standard encoding (64 characters a line, a final newline), as OpenSSL, Go and
    /// Python's `cryptography` write it: re-encoding makes equal keys equal text.
    public var text: String {
        let base64 = der.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(type)-----\n\(base64)\n-----END \(type)-----\n"
    }

    /// Every block of `text`, in order; at most `limit` (a chain bomb costs nothing). Text around
    /// the blocks is ignored as Go's `pem.Decode` ignores it; a block without its END line or with
    /// a body that is not base64 is an error.
    public static func decode(_ text: String, limit: Int = 10) throws -> [PEMBlock] {
        var blocks: [PEMBlock] = []
        var rest = Substring(text)
        while let begin = rest.range(of: "-----BEGIN ") {
            guard blocks.count < limit else { throw CryptoError("more than \(limit) PEM blocks") }
            guard let typeEnd = rest[begin.upperBound...].range(of: "-----") else { throw CryptoError("malformed PEM header") }
            let type = String(rest[begin.upperBound..<typeEnd.lowerBound])
            guard !type.contains("\n") else { throw CryptoError("malformed PEM header") }
            let endMarker = "-----END \(type)-----"
            guard let end = rest[typeEnd.upperBound...].range(of: endMarker) else {
                throw CryptoError("PEM block \(type) has no END line")
            }
            let body = rest[typeEnd.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
            guard let der = Data(base64Encoded: String(body)), !der.isEmpty else {
                throw CryptoError("PEM block \(type) is not valid base64")
            }
            blocks.append(PEMBlock(type: type, der: der))
            rest = rest[end.upperBound...]
        }
        return blocks
    }
}
