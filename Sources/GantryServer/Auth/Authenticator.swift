import Foundation
import GantryEngine
import GantryHTTP
import GantryStore

/// Finds the principal of a request the ways GitLab accepts: `PRIVATE-TOKEN`, `Authorization:
/// Bearer`, `JOB-TOKEN`, `Deploy-Token`, the `private_token`/`job_token` query parameters, and
/// HTTP basic auth (git and package clients: an access token as password with any user name,
/// `gitlab-ci-token` with a job token, or a deploy token with its own username).
struct Authenticator: Sendable {
    let store: any Store

    enum Outcome {
        case principal(Principal)
        /// A credential was given and is unknown: 401, whatever the resource.
        case invalid
        /// A known token past its expires_at, or revoked: 401 with GitLab's OAuth error.
        case expired
        case revoked
    }

    func authenticate(_ request: HTTPRequest) -> Outcome {
        if let token = request.header("PRIVATE-TOKEN") ?? request.query("private_token") {
            return userToken(token)
        }
        if let auth = request.header("Authorization"), auth.lowercased().hasPrefix("bearer ") {
            return userToken(String(auth.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        }
        if let token = request.header("JOB-TOKEN") ?? request.query("job_token") {
            return jobToken(token)
        }
        if let token = request.header("Deploy-Token") {
            return deployToken(token, username: nil)
        }
        if let basic = request.basicAuth {
            if basic.user == "gitlab-ci-token" { return jobToken(basic.password) }
            let asUser = userToken(basic.password)
            if case .invalid = asUser { return deployToken(basic.password, username: basic.user) }
            return asUser
        }
        return .principal(.anonymous)
    }

    private func userToken(_ token: String) -> Outcome {
        let digest = Secrets.digest(token)
        guard let found = try? store.user(forTokenDigest: digest) else {
            // Tell an expired or revoked token from an unknown one, as GitLab does.
            guard let known = try? store.accessToken(digest: digest) else { return .invalid }
            return known.revoked ? .revoked : .expired
        }
        guard found.user.state == "active" else { return .invalid }
        return .principal(.user(found.user, token: found.token))
    }

    /// Job tokens live only while their job runs.
    private func jobToken(_ token: String) -> Outcome {
        guard let job = try? store.job(tokenDigest: Secrets.digest(token)), job.status == .running else { return .invalid }
        return .principal(.job(job))
    }

    /// A deploy token; with basic auth the user name must be the token's own.
    private func deployToken(_ token: String, username: String?) -> Outcome {
        guard let found = try? store.deployToken(digest: Secrets.digest(token)),
              username == nil || username == found.username else { return .invalid }
        if found.revoked { return .revoked }
        if found.isExpired(at: Date()) { return .expired }
        return .principal(.deployToken(found))
    }
}
