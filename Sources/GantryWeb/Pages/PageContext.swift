import GantryHTTP
import GantryServer

/// One request seen by a page: who asks (from the session cookie), the session's CSRF token
/// for the forms the page draws, and the way to draw the page in the common layout.
struct PageContext {
    let request: HTTPRequest
    let visitor: Visitor
    /// Empty when signed out: signed-out visitors have no forms that change anything.
    let csrfToken: String
    let site: Site

    var model: ReadModel { site.model }

    /// The hidden field every form carries (Rails' and GitLab's name for it).
    var csrfField: HTML { "<input type=\"hidden\" name=\"\(CSRF.fieldName)\" value=\"\(csrfToken)\">" }

    func page(_ title: String, crumbs: [Layout.Crumb] = [], status: Int = 200, _ body: HTML) -> HTTPResponse {
        .html(Layout(assets: site.assets, context: self).document(title: title, crumbs: crumbs, body: body), status: status)
    }
}
