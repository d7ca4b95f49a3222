import GantryHTTP
import GantryServer

/// `/users/sign_in` (GitLab's path) and `/users/sign_out`. A sign-in goes back to the page that
/// asked for it (`redirect_to`), but only to a path on this server: never an open redirect.
struct SignInPage {
    let site: Site

    func register(_ router: inout Router) {
        router.add("GET", SignInPath.path) { request in
            let context = try site.context(request)
            let target = redirectTarget(request.query("redirect_to"))
            if context.visitor.user != nil { return .seeOther(target) }
            return form(context, target: target, status: 200, message: nil)
        }
        router.add("POST", SignInPath.path) { request in try signIn(request) }
        router.add("POST", "/users/sign_out") { request in
            let (context, _) = try site.action(request)
            if let secret = Cookies(request)[Cookies.session] { try site.model.sessions.signOut(secret: secret) }
            if let user = context.visitor.user { site.model.note("\(user.username) signed out of the web UI") }
            return .seeOther("/", headers: [Cookies.clear(Cookies.session, secure: site.model.secureCookies)])
        }
    }

    private func signIn(_ request: HTTPRequest) throws -> HTTPResponse {
        let context = try site.context(request)
        let fields = try CSRF.verifiedForm(request, expected: Cookies(request)[Cookies.signInToken] ?? "")
        let target = redirectTarget(fields["redirect_to"])
        let username = fields["username"] ?? ""
        switch try site.model.sessions.signIn(username: username, password: fields["password"] ?? "", address: request.remoteAddress) {
        case .signedIn(let secret, _):
            // The old session (if any) ends: a cookie planted before sign-in never becomes signed in.
            if let old = Cookies(request)[Cookies.session] { try site.model.sessions.signOut(secret: old) }
            site.model.note("\(username) signed in to the web UI from \(request.remoteAddress)")
            return .seeOther(target, headers: [
                Cookies.set(Cookies.session, secret, maxAge: Int(WebSessions.lifetime), secure: site.model.secureCookies),
                Cookies.clear(Cookies.signInToken, secure: site.model.secureCookies),
            ])
        case .refused:
            return form(context, target: target, status: 401, message: "Invalid login or password.")
        case .throttled:
            return form(context, target: target, status: 429,
                        message: "Too many failed sign-in attempts. Wait ten minutes and try again.")
        }
    }

    /// `redirect_to` when it is a path on this server, else the dashboard.
    private func redirectTarget(_ given: String?) -> String {
        guard let given, SignInPath.isLocal(given) else { return "/" }
        return given
    }

    private func form(_ context: PageContext, target: String, status: Int, message: String?) -> HTTPResponse {
        // A fresh token per form: nothing another site could have read or planted.
        let token = WebSessions.newSecret()
        let flash: HTML = message.map { "<p class=\"flash error\" role=\"alert\">\($0)</p>" } ?? .empty
        var response = context.page("Sign in", status: status, """
            <div class="signin">
            <h1>Sign in</h1>
            \(flash)
            <form method="post" action="\(SignInPath.path)">
            <input type="hidden" name="\(CSRF.fieldName)" value="\(token)">
            <input type="hidden" name="redirect_to" value="\(target)">
            <label for="username">Username</label>
            <input type="text" id="username" name="username" autocomplete="username" required autofocus>
            <label for="password">Password</label>
            <input type="password" id="password" name="password" autocomplete="current-password" required>
            <p><button class="primary" type="submit">Sign in</button></p>
            </form>
            <p class="muted">Public projects can be seen without signing in. API clients use personal access tokens.</p>
            </div>
            """)
        response.headers.append(Cookies.set(Cookies.signInToken, token, maxAge: 3600, secure: context.model.secureCookies))
        return response
    }
}
