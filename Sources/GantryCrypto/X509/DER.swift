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
}
