import Foundation
import GantryHTTP
import GantryStore

/// The server's decision on a request from its head alone (`Admission`), before its body is read:
/// a wrong credential, an anonymous write or a job upload without its job's token is refused at
/// once, and every route gets a body limit (small for JSON, the configured sizes for artifacts,
/// packages and pushes). It refuses only what the route itself would refuse, with the same answer.
struct RequestAdmission: Sendable {
    let store: any Store
    let limits: BodyLimits

    /// The largest bodies taken, by kind of route.
    struct BodyLimits: Sendable {
        /// API calls: JSON or form bodies (a pipeline of 2 MB posted to `ci/lint` fits).
        var api = 4 << 20
        var artifacts = 100 << 20
        var packages = 3 << 30
        var push = 1 << 30
        /// One trace update (the runner sends at most 1 MiB at a time).
        var trace = 16 << 20
    }

    /// Routes that carry their credential in the body (GitLab's runner protocol), so an anonymous
    /// head is fine there; the body stays within the API limit.
    private static let bodyAuthenticated: [(method: String, pattern: [String])] = [
        ("POST", ["api", "v4", "runners"]), ("POST", ["api", "v4", "runners", "verify"]), ("DELETE", ["api", "v4", "runners"]),
        ("POST", ["api", "v4", "jobs", "request"]), ("PUT", ["api", "v4", "jobs", ":"]),
    ]

    func admit(_ request: HTTPRequest) -> Admission {
        let method = request.method.uppercased()
        if let (_, service) = GitHTTPBackend.parse(request.path) {
            return admitGit(request, pushing: service == .receivePack)
        }
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard segments.starts(with: ["api", "v4"]) else { return .accept(bodyLimit: limits.api) }
        if let refusal = Pagination.refusal(request) { return .refuse(refusal) }

        // The runner's uploads authenticate with their job's token, checked as the route checks it.
        if segments.count == 5, segments[2] == "jobs", (method == "POST" && segments[4] == "artifacts")
            || (method == "PATCH" && segments[4] == "trace") {
            if let refusal = jobTokenRefusal(request, jobID: segments[3]) { return .refuse(refusal) }
            return .accept(bodyLimit: segments[4] == "artifacts" ? limits.artifacts : limits.trace)
        }
        let isPackageUpload = segments.count >= 6 && segments[2] == "projects" && segments[4] == "packages"
            && ((method == "POST" && segments.count == 6 && segments[5] == "pypi")
                || (method == "PUT" && segments.count == 9 && segments[5] == "generic"))
        let isRead = method == "GET" || method == "HEAD" || method == "OPTIONS"
        if !isRead, !Self.bodyAuthenticated.contains(where: { $0.method == method && Self.matches($0.pattern, segments) }) {
            let outcome = Authenticator(store: store).authenticate(request)
            switch outcome {
            case .invalid: return .refuse(unauthorized(challenge: isPackageUpload))
            case .principal(let who) where who.isAnonymous: return .refuse(unauthorized(challenge: isPackageUpload))
            // The same answers as the routes give, before a body the route would refuse is read.
            case .expired: return .refuse(APIError.tokenExpired.httpResponse)
            case .revoked: return .refuse(APIError.tokenRevoked.httpResponse)
            case .principal: break
            }
        }
        return .accept(bodyLimit: isPackageUpload ? limits.packages : limits.api)
    }

    /// Git: a wrong credential, or an anonymous push, is the route's Basic challenge.
    private func admitGit(_ request: HTTPRequest, pushing: Bool) -> Admission {
        let outcome = Authenticator(store: store).authenticate(request)
        switch outcome {
        case .invalid, .expired, .revoked: return .refuse(GitAccess.challenge(GitAccess.deniedMessage))
        case .principal(let who) where pushing && who.isAnonymous: return .refuse(GitAccess.challenge("HTTP Basic: Access denied"))
        case .principal: break
        }
        return .accept(bodyLimit: pushing ? limits.push : limits.api)
    }

    /// What `runningJob` answers for a job upload without the job's own token.
    private func jobTokenRefusal(_ request: HTTPRequest, jobID: String) -> HTTPResponse? {
        guard let id = Int(jobID), let job = try? store.job(id: id) else { return .message(status: 404, "404 Not found") }
        guard let token = request.header("JOB-TOKEN"), job.tokenDigest == Secrets.digest(token) else {
            return API.notRunning(nil).httpResponse
        }
        // A canceled job keeps its token for its runner to hear why; its uploads are refused unread.
        return job.status == .running ? nil : API.notRunning(job.status).httpResponse
    }

    private func unauthorized(challenge: Bool) -> HTTPResponse {
        var response = HTTPResponse.message(status: 401, "401 Unauthorized")
        if challenge { response.headers.append(("WWW-Authenticate", "Basic realm=\"Gantry\"")) }
        return response
    }

    private static func matches(_ pattern: [String], _ segments: [String]) -> Bool {
        pattern.count == segments.count && zip(pattern, segments).allSatisfy { $0 == ":" ? !$1.isEmpty : $0 == $1 }
    }
}
