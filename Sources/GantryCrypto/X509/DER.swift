import Foundation

/// The few DER (X.690) encodings certificate extensions need, written by hand because their
/// values are fixed shapes: a tag, a definite length, the content.
public enum DER {
    public static func element(_ tag: UInt8, _ content: Data) -> Data {
        var out = Data([tag])
        let count = content.count
        if count < 0x80 {
            out.append(UInt8(count))
        } else {
            let bytes = withUnsafeBytes(of: UInt32(count).bigEndian) { Data($0) }.drop { $0 == 0 }
            out.append(0x80 | UInt8(bytes.count))
            out.append(contentsOf: bytes)
        }
        out.append(content)
        return out
    }

    public static func sequence(_ items: Data...) -> Data { element(0x30, items.reduce(Data(), +)) }
    public static func octetString(_ bytes: Data) -> Data { element(0x04, bytes) }
    /// A UTF8String, as Fulcio encodes its extension values.
    public static func utf8String(_ text: String) -> Data { element(0x0C, Data(text.utf8)) }
    public static let null = Data([0x05, 0x00])
    public static let `true` = Data([0x01, 0x01, 0xFF])

    /// The consecutive tag-length-value elements `data` holds (single-byte tags, definite lengths
    /// of up to four bytes), or nil when it is not exactly such a run.
    public static func elements(_ data: Data) -> [(tag: UInt8, content: Data)]? {
        let bytes = [UInt8](data)
        var items: [(tag: UInt8, content: Data)] = []
        var i = 0
        while i < bytes.count {
            guard i + 2 <= bytes.count else { return nil }
            let tag = bytes[i]
            var length = Int(bytes[i + 1])
            i += 2
            if length & 0x80 != 0 {
                let count = length & 0x7F
                guard count >= 1, count <= 4, i + count <= bytes.count else { return nil }
                length = bytes[i..<(i + count)].reduce(0) { $0 << 8 | Int($1) }
                i += count
            }
            guard length <= bytes.count - i else { return nil }
            items.append((tag, Data(bytes[i..<(i + length)])))
            i += length
        }
        return items
    }
}
