import Foundation
import GantryHTTP

/// Fulcio's error answer through its gRPC gateway: `{"code": <gRPC code>, "message": "...",
/// "details": []}` with the matching HTTP status; sigstore-python shows the message.
public struct FulcioError: Error, HTTPResponseConvertible, CustomStringConvertible, Sendable, Equatable {
    public let status: Int
    public let message: String

    static func invalidArgument(_ message: String) -> FulcioError { FulcioError(status: 400, message: message) }
    static func unauthenticated(_ message: String) -> FulcioError { FulcioError(status: 401, message: message) }
    static func `internal`(_ message: String) -> FulcioError { FulcioError(status: 500, message: message) }

    public var description: String { "\(status): \(message)" }

    private var grpcCode: Int {
        switch status {
        case 400: 3
        case 401: 16
        default: 13
        }
    }

    public var httpResponse: HTTPResponse {
        let body = try? JSONSerialization.data(withJSONObject: ["code": grpcCode, "message": message, "details": []] as [String: Any],
                                               options: [.sortedKeys])
        return .json(status: status, body ?? Data())
    }
}
