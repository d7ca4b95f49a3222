import GantryHTTP

/// Pages for people served beside the API on the same port (the web UI, composed in by the
/// `gantry` command so that GantryServer never imports it). GitLab's page paths have any depth
/// (`/group/sub/project/-/pipelines/7`), so besides its own routes a front end answers the
/// paths that no route and no git repository claims.
public protocol FrontEnd: Sendable {
    /// Adds routes with a literal first segment (`/users/sign_in`, `/-/assets/…`); they beat the
    /// catch-all that serves git and the front end's `page`.
    func register(_ router: inout Router)
    /// A GET or POST to a path that is not a git repository's; nil for 404.
    func page(_ request: HTTPRequest) throws -> HTTPResponse?
    /// Every answer passes here last: the front end turns an error meant for a person into a page.
    func finish(_ response: HTTPResponse, for request: HTTPRequest) -> HTTPResponse
}
