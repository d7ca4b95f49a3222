import Foundation
import GantryHTTP

/// Rekor's error answer: `{"code": 400, "message": "..."}` (the `Error` definition of its OpenAPI).
public struct RekorError: Error, HTTPResponseConvertible, CustomStringConvertible, Sendable {
    public let code: Int
    public let message: String
    /// Extra headers (a conflict's Location).
    var headers: [(String, String)] = []

    init(_ code: Int, _ message: String, headers: [(String, String)] = []) {
        self.code = code
        self.message = message
        self.headers = headers
    }

    /// Rekor's wording for an entry it refuses: `error processing entry: <why>`.
    static func invalidEntry(_ why: String) -> RekorError { RekorError(400, "error processing entry: \(why)") }

    static let notFound = RekorError(404, "Not Found")

    public var description: String { "\(code): \(message)" }

    public var httpResponse: HTTPResponse {
        let body = CanonicalJSON.object(["code": .int(code), "message": .string(message)]).data
        return .json(status: code, body, headers: headers)
    }
}
