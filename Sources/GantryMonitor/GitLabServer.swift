import Foundation

/// Which server `gantry pipelines` asks, and as whom.
public struct GitLabServer: Sendable, Equatable {
    public enum Credential: Sendable, Equatable {
        case none
        case privateToken(String)
        case oauthToken(String)
        case jobToken(String)
    }

    /// Without a trailing slash: `https://gitlab.example.com`.
    public let url: String
    public let credential: Credential

    public init(url: String, credential: Credential) {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        self.url = url
        self.credential = credential
    }

    /// In python-gitlab's order of precedence, roughly: `--url`/`--token`, then `GITLAB_URL`/
    /// `GITLAB_TOKEN`, then the python-gitlab config file (`section`, or its default). `--gitlab
    /// SECTION` always reads the file.
    public static func resolve(url: String?, token: String?, section: String?,
                               environment: [String: String]) throws(MonitorError) -> GitLabServer {
        let token = token ?? environment["GITLAB_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if section == nil, let url = url ?? environment["GITLAB_URL"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw .usage("the server's URL must start with http:// or https://, got '\(url)'")
            }
            return GitLabServer(url: url, credential: token.map { .privateToken($0) } ?? .none)
        }
        guard let file = PythonGitLabConfig.find(environment: environment) else {
            throw .usage(section == nil ? "no server: give --url URL, set GITLAB_URL, or write a python-gitlab config (~/.python-gitlab.cfg)"
                                        : "--gitlab \(section!): no python-gitlab config file (~/.python-gitlab.cfg or PYTHON_GITLAB_CFG)")
        }
        let server = try PythonGitLabConfig(file: file).server(section: section)
        // A token given on the command line or in the environment wins over the file's.
        if let token { return GitLabServer(url: server.url, credential: .privateToken(token)) }
        return server
    }

    public var headers: [(String, String)] {
        switch credential {
        case .none: return []
        case .privateToken(let t): return [("PRIVATE-TOKEN", t)]
        case .oauthToken(let t): return [("Authorization", "Bearer \(t)")]
        case .jobToken(let t): return [("JOB-TOKEN", t)]
        }
    }
}
