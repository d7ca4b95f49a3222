import Foundation
/// URL decoding done by hand: MHD is told to leave URLs untouched (so `%2F` in a GitLab project id
/// survives routing), and Foundation's `removingPercentEncoding` gives up on a stray `%`.
public enum PercentEncoding {
    /// Decodes `%XX` sequences (and `+` as a space when `plusAsSpace`); malformed escapes stay as
    /// they are and invalid UTF-8 becomes U+FFFD, so decoding never fails.
    public static func decode<S: StringProtocol>(_ text: S, plusAsSpace: Bool = false) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) else {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let first = utf8.index(after: index)
                if first != utf8.endIndex {
                    let second = utf8.index(after: first)
                    if second != utf8.endIndex, let high = hexValue(utf8[first]), let low = hexValue(utf8[second]) {
                        bytes.append(high << 4 | low)
                        index = utf8.index(after: second)
                        continue
                    }
                }
                bytes.append(byte)
            } else if plusAsSpace && byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
            index = utf8.index(after: index)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `application/x-www-form-urlencoded` pairs in order; a name without `=` gets an empty value.
    public static func parseQuery<S: StringProtocol>(_ query: S) -> [(String, String)] {
        var pairs: [(String, String)] = []
        for piece in query.split(separator: "&", omittingEmptySubsequences: true) {
            if let equals = piece.firstIndex(of: "=") {
                pairs.append((decode(piece[..<equals], plusAsSpace: true),
                              decode(piece[piece.index(after: equals)...], plusAsSpace: true)))
            } else {
                pairs.append((decode(piece, plusAsSpace: true), ""))
            }
        }
        return pairs
    }

    /// Encodes a query name or value: everything but RFC 3986's unreserved characters.
    public static func encodeQueryComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
