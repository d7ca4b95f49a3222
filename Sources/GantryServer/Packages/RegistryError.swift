import GantryHTTP

/// A refusal of the package registry, shaped as GitLab's API errors (`{"message": ...}`). A 401
/// carries a Basic challenge: pip only sends the credentials it has (netrc, keyring) after one.
struct RegistryError: HTTPResponseConvertible, CustomStringConvertible {
    let status: Int
    let message: String

    var description: String { message }

    var httpResponse: HTTPResponse {
        var response = HTTPResponse.message(status: status, message)
        if status == 401 { response.headers.append(("WWW-Authenticate", "Basic realm=\"Gantry\"")) }
        return response
    }

    static let unauthorized = RegistryError(status: 401, message: "401 Unauthorized")
    static let forbidden = RegistryError(status: 403, message: "403 Forbidden")
    static func notFound(_ what: String) -> RegistryError { RegistryError(status: 404, message: "404 \(what) Not Found") }
    /// An upload that cannot be accepted, with what is wrong with it.
    static func badRequest(_ why: String) -> RegistryError { RegistryError(status: 400, message: "400 Bad request - \(why)") }
}
