import Foundation
import GantryHTTP

extension HTTPResponse {
    /// A page. The Content-Security-Policy allows only this server's own script and stylesheet
    /// and no inline script, so even markup that slipped past escaping could not run; frames
    /// of other sites may not embed a page (clickjacking on the action buttons).
    static func html(_ page: HTML, status: Int = 200, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")] + HTTPResponse.pageHeaders + headers,
                     body: .data(Data(page.markup.utf8)))
    }

    static let pageHeaders: [(String, String)] = [
        ("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Cache-Control", "no-store"),
    ]

    /// 303 to a path on this server (after a form's POST, GitLab's redirect-after-post).
    static func seeOther(_ path: String, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: 303, headers: [("Location", path), ("Cache-Control", "no-store")] + headers)
    }
}
