/// A token that is not a well-formed, correctly signed, currently valid JWT, and why.
public struct JWTError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
