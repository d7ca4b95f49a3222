import GantryHTTP

/// The request's cookies, and `Set-Cookie` values for the ones the UI sets: always `HttpOnly`
/// (no script reads them), `SameSite=Lax` (no other site's form posts with them), `Path=/`, and
/// `Secure` when people reach the server over https.
struct Cookies {
    static let session = "_gantry_session"
    /// The signed-out visitor's CSRF token for the sign-in form (a double-submit cookie), so
    /// that another site cannot sign a browser in to the attacker's account.
    static let signInToken = "_gantry_sign_in"

    private let values: [String: String]

    init(_ request: HTTPRequest) {
        var values: [String: String] = [:]
        for header in request.headers where header.0.caseInsensitiveCompare("Cookie") == .orderedSame {
            for pair in header.1.split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                guard kv.count == 2 else { continue }
                let name = kv[0].trimmingCharacters(in: .whitespaces)
                // The first one wins, as browsers send the most specific path first.
                if values[name] == nil { values[name] = kv[1].trimmingCharacters(in: .whitespaces) }
            }
        }
        self.values = values
    }

    subscript(name: String) -> String? { values[name] }

    static func set(_ name: String, _ value: String, maxAge: Int, secure: Bool) -> (String, String) {
        ("Set-Cookie", "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""))
    }

    static func clear(_ name: String, secure: Bool) -> (String, String) { set(name, "", maxAge: 0, secure: secure) }
}
