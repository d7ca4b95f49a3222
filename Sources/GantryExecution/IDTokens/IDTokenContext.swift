import Foundation

/// What an ID token says about its job, from the records of whoever runs it (the server's store,
/// `gantry run`'s checkout), never from the job's variables: a job that sets `CI_PROJECT_PATH`
/// must not change the identity its token proves.
public struct IDTokenContext: Sendable {
    /// `iss`: the server's external URL, or `gantry run`'s local issuer.
    public var issuer: String
    public var namespaceID: Int
    public var namespacePath: String
    public var projectID: Int
    public var projectPath: String
    public var projectVisibility: String
    public var user: (id: Int, login: String, email: String)?
    /// The user's role in the project, lower case (`developer`), when a member.
    public var userAccessLevel: String?
    public var pipelineID: Int
    public var pipelineSource: String
    public var jobID: Int
    public var ref: String
    public var isTag: Bool
    public var refProtected: Bool
    public var sha: String
    public var runnerID: Int?
    /// The job's timeout in seconds: a token lives as long as its job may (GitLab's `ttl`).
    public var timeout: Int
    /// GitLab's `build_server_fqdn` (host, a port that is not the scheme's, path), the start of
    /// `ci_config_ref_uri`.
    public var serverFQDN: String
    public var configPath = ".gitlab-ci.yml"

    public init(issuer: String, serverURL: String, namespaceID: Int, namespacePath: String, projectID: Int, projectPath: String,
                projectVisibility: String, user: (id: Int, login: String, email: String)?, pipelineID: Int, pipelineSource: String,
                jobID: Int, ref: String, isTag: Bool, refProtected: Bool, sha: String, runnerID: Int?, timeout: Int) {
        self.issuer = issuer
        self.namespaceID = namespaceID
        self.namespacePath = namespacePath
        self.projectID = projectID
        self.projectPath = projectPath
        self.projectVisibility = projectVisibility
        self.user = user
        self.pipelineID = pipelineID
        self.pipelineSource = pipelineSource
        self.jobID = jobID
        self.ref = ref
        self.isTag = isTag
        self.refProtected = refProtected
        self.sha = sha
        self.runnerID = runnerID
        self.timeout = timeout
        serverFQDN = Self.fqdn(serverURL)
    }

    /// `http://host:8080/prefix/` → `host:8080/prefix`; `https://host:443` → `host`.
    public static func fqdn(_ url: String) -> String {
        guard let parts = URLComponents(string: url), let host = parts.host else { return url }
        let defaultPort = parts.scheme == "https" ? 443 : 80
        let port = parts.port.map { $0 == defaultPort ? "" : ":\($0)" } ?? ""
        let path = parts.path.hasSuffix("/") ? String(parts.path.dropLast()) : parts.path
        return host + port + path
    }

    var refPath: String { (isTag ? "refs/tags/" : "refs/heads/") + ref }
}
