import GantryHTTP
import GantryServer
import GantryStore

/// What every page shares: the read model, the embedded assets, and the way from a request to
/// its visitor (the session cookie) and to the project or group a page is about.
struct Site: Sendable {
    let model: ReadModel
    let assets: Assets

    /// The request's visitor and the session's CSRF token; anonymous without a live session.
    func context(_ request: HTTPRequest) throws -> PageContext {
        if let secret = Cookies(request)[Cookies.session], let (visitor, token) = try model.sessions.visitor(secret: secret) {
            return PageContext(request: request, visitor: visitor, csrfToken: token, site: self)
        }
        return PageContext(request: request, visitor: .anonymous, csrfToken: "", site: self)
    }

    /// A POST's context and form fields, refused (422) unless the form carries the session's token.
    func action(_ request: HTTPRequest) throws -> (PageContext, [String: String]) {
        let context = try context(request)
        return (context, try CSRF.verifiedForm(request, expected: context.csrfToken))
    }

    /// A project page's context and project; 404 when the visitor may not see the project.
    func projectPage(_ request: HTTPRequest) throws -> (PageContext, ProjectRecord) {
        try project(request, context(request))
    }

    /// A project action's context, project and form (CSRF-checked first).
    func projectAction(_ request: HTTPRequest) throws -> (PageContext, ProjectRecord, [String: String]) {
        let (context, form) = try action(request)
        let (_, project) = try project(request, context)
        return (context, project, form)
    }

    private func project(_ request: HTTPRequest, _ context: PageContext) throws -> (PageContext, ProjectRecord) {
        guard let project = model.project(path: request.params["project"] ?? "", for: context.visitor) else {
            throw PageError.notFound
        }
        return (context, project)
    }

    /// A group page's context and group; 404 when the visitor may not see the group.
    func groupPage(_ request: HTTPRequest) throws -> (PageContext, GroupRecord) {
        let context = try context(request)
        guard let group = model.group(path: request.params["group"] ?? "", for: context.visitor) else { throw PageError.notFound }
        return (context, group)
    }
}
