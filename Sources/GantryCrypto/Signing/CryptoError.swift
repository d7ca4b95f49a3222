/// Why a key, certificate or signature could not be used; the text says what was wrong with the input.
public struct CryptoError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
