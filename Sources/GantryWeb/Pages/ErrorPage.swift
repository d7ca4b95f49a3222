import GantryHTTP

/// 404, 403, 500 … for people: the same status as the API's JSON, as a page in the layout.
/// API clients, git and package tools keep their JSON: a page is drawn only for requests that
/// ask for HTML (`Accept`) on a path that is not the API's or a repository's.
enum ErrorPage {
    static func wanted(for request: HTTPRequest, _ response: HTTPResponse) -> Bool {
        guard response.status >= 400, response.header("Content-Type")?.hasPrefix("application/json") == true else { return false }
        let path = request.path
        if path.hasPrefix("/api/") || path.contains(".git/") || path.hasSuffix(".git") { return false }
        return accepts(request, "text/html")
    }

    /// Whether `Accept` lists the type (browsers send `text/html,…`; `*/*` alone is a tool's).
    static func accepts(_ request: HTTPRequest, _ type: String) -> Bool {
        (request.header("Accept") ?? "").split(separator: ",").contains {
            $0.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == type
        }
    }

    static func render(status: Int, _ context: PageContext) -> HTTPResponse {
        let (title, text): (String, String)
        switch status {
        case 403: (title, text) = ("Access denied", "You are not allowed to see or do this.")
        case 404: (title, text) = ("Page not found", "The page could not be found, or you are not allowed to see it.")
        case 405: (title, text) = ("Method not allowed", "This page does not take that request.")
        case 422: (title, text) = ("The change was rejected", "The form was too old or not sent from this site. Reload the page and try again.")
        case 429: (title, text) = ("Too many requests", "Wait a moment and try again.")
        case 500..<600: (title, text) = ("Something went wrong", "The server could not answer. Try again later; the server's log says more.")
        default: (title, text) = ("Request refused", "The server could not take this request.")
        }
        let signIn: HTML = context.visitor.user == nil && (status == 403 || status == 404)
            ? "<p><a href=\"\(SignInPath.with(redirect: context.request.path))\">Sign in</a> to see more.</p>" : .empty
        return context.page("\(status) \(title)", status: status, """
            <h1>\(status): \(title)</h1>
            <p>\(text)</p>
            \(signIn)
            <p><a href="/">Back to the dashboard</a></p>
            """)
    }
}
