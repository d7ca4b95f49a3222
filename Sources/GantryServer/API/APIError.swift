import GantryHTTP
import GantryPipeline
import GantryStore

/// An API error as GitLab shapes it: a status and `{"message": ...}`, where the message is a
/// string ("404 Project Not Found") or, for validation errors, an object of field → messages.
struct APIError: HTTPResponseConvertible {
    let status: Int
    let message: String
    var fields: [String: [String]]?
    /// A body of another shape: the OAuth errors of tokens (`{"error": ..., "error_description": ...}`).
    var body: JSONValue?
    var headers: [(String, String)] = []

    init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    var httpResponse: HTTPResponse {
        if let body { return .json(status: status, body, headers: headers) }
        if let fields {
            let object = JSONValueBuilder.object(["message": .object(fields.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value.map { .string($0) })) })])
            return .json(status: status, object)
        }
        var response = HTTPResponse.message(status: status, message)
        response.headers += headers
        return response
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

    /// A token without a scope the route needs (GitLab answers through rack-oauth2: 403 and the scopes that would do).
    static func insufficientScope(_ scopes: Set<String>) -> APIError {
        oauth(403, "insufficient_scope", "The request requires higher privileges than provided by the access token.",
              scope: scopes.sorted().joined(separator: " "))
    }

    static let tokenExpired = oauth(401, "invalid_token", "Token is expired. You can either do re-authorization or token refresh.")
    static let tokenRevoked = oauth(401, "invalid_token", "Token was revoked. You have to re-authorize from the user.")

    private static func oauth(_ status: Int, _ error: String, _ description: String, scope: String? = nil) -> APIError {
        var e = APIError(status, description)
        var fields: [(String, JSONValue)] = [("error", .string(error)), ("error_description", .string(description))]
        if let scope { fields.append(("scope", .string(scope))) }
        e.body = .object(fields)
        if status == 401 {
            e.headers = [("WWW-Authenticate", "Bearer realm=\"GitLab\", error=\"\(error)\", error_description=\"\(description)\"")]
        }
        return e
    }

    static func invalid(_ field: String, _ text: String) -> APIError {
        var e = APIError(400, text)
        e.fields = [field: [text]]
        return e
    }
}
