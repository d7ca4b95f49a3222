import Foundation
import GantryHTTP
import GantryStore

/// Who may clone and push a project over HTTP, with GitLab's answers: a bad token is a 401 with
/// a Basic challenge; a project the caller cannot see is a 404 (or a challenge when anonymous);
/// a token without `read_repository`/`write_repository`/`api` (or `read_api` for clones), a
/// job token pushing, or a role below Developer pushing are 403 with GitLab's messages.
struct GitAccess: Sendable {
    let store: any Store

    enum Decision {
        case allowed(ProjectRecord, Principal)
        case refused(HTTPResponse)
    }

    static let deniedMessage = "HTTP Basic: Access denied. If a password was provided for Git authentication, the password was "
        + "incorrect or you're required to use a token instead of a password. If a token was provided, it was either incorrect, "
        + "expired, or improperly scoped."

    func check(_ request: HTTPRequest, projectPath: String, pushing: Bool) throws -> Decision {
        let who: Principal
        switch Authenticator(store: store).authenticate(request) {
        case .principal(let p): who = p
        case .invalid, .expired, .revoked: return .refused(Self.challenge(Self.deniedMessage))
        }
        let access = Access(store: store)
        guard let project = try store.project(pathWithNamespace: projectPath), access.canRead(project, who) else {
            // Not found and not visible look the same, as in GitLab; anonymous users get the chance to sign in.
            return .refused(who.isAnonymous ? Self.challenge("HTTP Basic: Access denied")
                : forbidden(404, "The project you were looking for could not be found or you don't have permission to view it."))
        }
        if case .user = who, !who.hasScope(TokenScopes.gitDownload.union(TokenScopes.gitPush)) {
            return .refused(Self.challenge(Self.deniedMessage))
        }
        if case .deployToken = who, !who.hasScope(["read_repository"]) {
            return .refused(Self.challenge(Self.deniedMessage))
        }
        guard access.canDownloadCode(project, who) else {
            return .refused(forbidden(403, "You are not allowed to download code from this project."))
        }
        guard pushing else { return .allowed(project, who) }
        if who.isAnonymous { return .refused(Self.challenge("HTTP Basic: Access denied")) }
        // A token that may only read (read_api, read_repository, job and deploy tokens) cannot upload, whatever the role.
        guard who.user != nil, who.hasScope(TokenScopes.gitPush) else {
            return .refused(forbidden(403, "You are not allowed to upload code."))
        }
        guard access.role(of: who, in: project) >= Role.developer else {
            return .refused(forbidden(403, "You are not allowed to push code to this project."))
        }
        return .allowed(project, who)
    }

    /// 401 with a Basic challenge: git then asks its credential helper (or the URL) for a token.
    static func challenge(_ message: String) -> HTTPResponse {
        .text(status: 401, message + "\n", headers: [("WWW-Authenticate", "Basic realm=\"Gantry\"")])
    }

    private func forbidden(_ status: Int, _ message: String) -> HTTPResponse { .text(status: status, message + "\n") }
}
