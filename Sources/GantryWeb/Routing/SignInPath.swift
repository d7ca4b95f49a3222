import GantryHTTP

/// `/users/sign_in?redirect_to=…`, and the check that a `redirect_to` stays on this server.
enum SignInPath {
    static let path = "/users/sign_in"

    static func with(redirect: String) -> String {
        redirect == "/" || !isLocal(redirect) ? path : "\(path)?redirect_to=\(PercentEncoding.encodeQueryComponent(redirect))"
    }

    /// Only a path on this server: `/x` but not `//evil.example` or `/\evil.example` (which
    /// browsers read as another host), no scheme, no control characters. Anything else goes to `/`.
    static func isLocal(_ target: String) -> Bool {
        guard target.hasPrefix("/"), !target.hasPrefix("//"), !target.hasPrefix("/\\") else { return false }
        return !target.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }
    }
}
