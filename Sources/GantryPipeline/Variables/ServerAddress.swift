/// The parts of `CI_SERVER_URL` GitLab also predefines: CI_SERVER_HOST, _PORT, _PROTOCOL and
/// CI_SERVER_FQDN (the host, with the port when it is not the scheme's default).
struct ServerAddress {
    let scheme: String
    let host: String
    let port: String

    init(_ url: String) {
        let schemeEnd = url.range(of: "://")
        scheme = schemeEnd.map { String(url[..<$0.lowerBound]) } ?? "http"
        let rest = schemeEnd.map { String(url[$0.upperBound...]) } ?? url
        let authority = String(rest.prefix { $0 != "/" })
        let defaultPort = scheme == "https" ? "443" : "80"
        // `[::1]:8080`: the port follows the bracket.
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            host = String(authority[..<colon])
            port = String(authority[authority.index(after: colon)...])
        } else {
            host = authority
            port = defaultPort
        }
    }

    var fqdn: String { port == (scheme == "https" ? "443" : "80") ? host : "\(host):\(port)" }
}
