/// Where `include: project`, `remote`, `template` and `component` files come from. GantryPipeline
/// does no I/O: `gantry lint/plan/run` fetch over HTTP from a Gantry (or GitLab) server and a
/// template source, the server reads its own repositories. Implementations cache: the resolver
/// asks for a file again each time it is included.
public protocol IncludeFetcher: Sendable {
    /// Fetches these at once, concurrently where the fetcher can, so that the `fetch` calls that
    /// follow find them cached. The resolver calls it with every entry of one `include:` list.
    func prefetch(_ requests: [IncludeRequest])
    func fetch(_ request: IncludeRequest) -> IncludeAnswer
}

extension IncludeFetcher {
    public func prefetch(_ requests: [IncludeRequest]) {}
}

public enum IncludeRequest: Hashable, Sendable {
    /// A file of a hosted project at `ref` (a branch, tag or SHA; nil for the default branch).
    case projectFile(project: String, ref: String?, path: String)
    /// The tags of a hosted project with their commits, to pick a component's version.
    case tags(project: String)
    /// A URL; `integrity` is the `sha256-<base64>` the content must have.
    case remote(url: String, integrity: String?)
    /// A template by its full name (`Python.gitlab-ci.yml`).
    case template(name: String)
}

public enum IncludeAnswer: Sendable, Equatable {
    case content([UInt8])
    /// Tags (name → commit SHA), for `.tags`.
    case tags([String: String])
    /// The project is not there for this user, or not at all: GitLab does not tell which.
    case projectNotFound
    case refNotFound
    case fileNotFound
    /// No server was configured to read projects from.
    case noServer
    /// A GitLab-worded message (remote failures, template source errors).
    case failed(String)
}

/// GitLab's messages for a remote include that could not be fetched (lib/gitlab/ci/config/
/// external/file/remote.rb), in one place for every fetcher.
public enum RemoteIncludeFailure: Sendable {
    case socket
    case timeout
    case http
    case status(Int)
    case blocked(String)
    case tooLarge(Int)
    case integrity(String)

    public func message(_ url: String) -> String {
        switch self {
        case .socket: return "Remote file `\(url)` could not be fetched because of a socket error!"
        case .timeout: return "Remote file `\(url)` could not be fetched because of a timeout error!"
        case .http: return "Remote file `\(url)` could not be fetched because of HTTP error!"
        case .status(let code): return "Remote file `\(url)` could not be fetched because of HTTP code `\(code)` error!"
        case .blocked(let why): return "Remote file could not be fetched because \(why)!"
        case .tooLarge(let limit):
            return "Remote file `\(url)` could not be fetched because of a size limit error! (larger than \(limit / 1024) KiB)"
        case .integrity(let expected):
            return "Remote file `\(url)` could not be fetched because of an integrity check error! (its content does not match `\(expected)`)"
        }
    }
}
