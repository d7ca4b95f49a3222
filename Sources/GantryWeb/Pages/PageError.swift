import GantryHTTP

/// A page that cannot be shown. It becomes the JSON error every route answers with, which
/// `WebUI.finish` turns into an error page for a browser.
enum PageError: Error, HTTPResponseConvertible {
    case notFound
    case forbidden
    /// A form without this session's CSRF token.
    case badToken
    case tooManyRequests

    var httpResponse: HTTPResponse {
        switch self {
        case .notFound: return .notFound
        case .forbidden: return .message(status: 403, "403 Forbidden")
        case .badToken: return .message(status: 422, "422 Unprocessable Entity: invalid authenticity token")
        case .tooManyRequests: return .message(status: 429, "429 Too Many Requests")
        }
    }
}
