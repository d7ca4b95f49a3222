import GantryHTTP
import GantryStore

/// An API error as GitLab shapes it: a status and `{"message": ...}`, where the message is a
/// string ("404 Project Not Found") or, for validation errors, an object of field → messages.
struct APIError: HTTPResponseConvertible {
    let status: Int
    let message: String
    var fields: [String: [String]]?

    init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    var httpResponse: HTTPResponse {
        if let fields {
            let object = JSONValueBuilder.object(["message": .object(fields.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value.map { .string($0) })) })])
            return .json(status: status, object)
        }
        return .message(status: status, message)
    }

    static let unauthorized = APIError(401, "401 Unauthorized")
    static let forbidden = APIError(403, "403 Forbidden")
    static func notFound(_ what: String) -> APIError { APIError(404, what.isEmpty ? "404 Not found" : "404 \(what) Not Found") }
    static func badRequest(_ what: String) -> APIError { APIError(400, "400 Bad request - \(what)") }
    static func missing(_ parameter: String) -> APIError { APIError(400, "\(parameter) is missing") }

    /// GitLab's answer to a taken name or path: 400 with the field's messages.
    static func taken(_ field: String) -> APIError {
        var e = APIError(400, "has already been taken")
        e.fields = [field: ["has already been taken"]]
        return e
    }

    static func invalid(_ field: String, _ text: String) -> APIError {
        var e = APIError(400, text)
        e.fields = [field: [text]]
        return e
    }
}
