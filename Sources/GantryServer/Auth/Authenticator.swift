import Foundation
import GantryHTTP
import GantryStore

/// Finds the principal of a request the ways GitLab accepts: `PRIVATE-TOKEN`, `Authorization:
/// Bearer`, `JOB-TOKEN`, the `private_token`/`job_token` query parameters, and HTTP basic auth
/// (git and package clients: a personal access token as password with any user name, or
/// `gitlab-ci-token` with a job token).
struct Authenticator: Sendable {
    let store: any Store

    enum Outcome {
        case principal(Principal)
        /// A credential was given and is wrong: 401, whatever the resource.
        case invalid
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
        if let basic = request.basicAuth {
            if basic.user == "gitlab-ci-token" { return jobToken(basic.password) }
            return userToken(basic.password)
        }
        return .principal(.anonymous)
    }

    private func userToken(_ token: String) -> Outcome {
        guard let found = try? store.user(forTokenDigest: Secrets.digest(token)), found.user.state == "active" else { return .invalid }
        return .principal(.user(found.user))
    }

    /// Job tokens live only while their job runs.
    private func jobToken(_ token: String) -> Outcome {
        guard let job = try? store.job(tokenDigest: Secrets.digest(token)), job.status == "running" else { return .invalid }
        return .principal(.job(job))
    }
}
