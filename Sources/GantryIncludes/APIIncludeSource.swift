import Foundation
import GantryHTTP
import GantryMonitor
import GantryPipeline

/// Answers include requests for `gantry lint/plan/run`: project files and tags through a Gantry (or
/// GitLab) server's v4 API with the user's token, templates from a template source speaking
/// `GET /api/v4/templates/gitlab_ci_ymls/:key`, remote files with `RemoteIncludeFetch`.
public struct APIIncludeSource: Sendable {
    public let server: GitLabServer?
    /// The template source's base URL (`https://gitlab.com`, or a `gantry server --ci-templates`).
    public let templateSource: String?
    let client: HTTPClient
    let remote: RemoteIncludeFetch

    public init(server: GitLabServer?, templateSource: String?, client: HTTPClient = HTTPClient(),
                remotePolicy: RemoteIncludePolicy = .commandLine()) {
        self.server = server
        var source = templateSource
        while source?.hasSuffix("/") == true { source?.removeLast() }
        self.templateSource = source
        self.client = client
        remote = RemoteIncludeFetch(client: client, policy: remotePolicy)
    }

    /// The fetcher the loader uses, caching and concurrent.
    public func fetcher() -> CachedIncludeFetcher {
        CachedIncludeFetcher { request in self.answer(request) }
    }

    public func answer(_ request: IncludeRequest) -> IncludeAnswer {
        switch request {
        case .remote(let url, let integrity): return remote.answer(url: url, integrity: integrity)
        case .template(let name): return template(name)
        case .projectFile(let project, let ref, let path): return projectFile(project, ref: ref, path: path)
        case .tags(let project): return tags(project)
        }
    }

    private func projectFile(_ project: String, ref: String?, path: String) -> IncludeAnswer {
        guard let server else { return .noServer }
        let query = ref.map { "?ref=" + PercentEncoding.encodeQueryComponent($0) } ?? ""
        let url = server.url + "/api/v4/projects/\(PercentEncoding.encodeQueryComponent(project))/repository/files/"
            + PercentEncoding.encodeQueryComponent(path) + "/raw" + query
        guard let response = try? client.send(HTTPClientRequest(url: url, headers: server.headers, timeout: 30)) else {
            return .failed("Project `\(project)` file `\(path)` could not be read: \(server.url) did not answer")
        }
        switch response.status {
        case 200: return .content([UInt8](response.body))
        case 401, 403: return .projectNotFound
        case 404:
            // GitLab's 404 messages say what was missing: "404 Project Not Found", "404 Commit Not Found", "404 File Not Found".
            let message = Self.message(response)
            if message.contains("Project") { return .projectNotFound }
            if message.contains("Commit") || message.contains("Ref") || message.contains("Tree") { return .refNotFound }
            return .fileNotFound
        default:
            return .failed("Project `\(project)` file `\(path)` could not be read: \(server.url) answered HTTP \(response.status) \(Self.message(response))")
        }
    }

    /// Every tag with its commit, a page of 100 at a time.
    private func tags(_ project: String) -> IncludeAnswer {
        guard let server else { return .noServer }
        var tags: [String: String] = [:]
        for page in 1...50 {
            let url = server.url + "/api/v4/projects/\(PercentEncoding.encodeQueryComponent(project))/repository/tags?per_page=100&page=\(page)"
            guard let response = try? client.send(HTTPClientRequest(url: url, headers: server.headers + [("Accept", "application/json")], timeout: 30)),
                  response.status == 200, let list = try? JSONSerialization.jsonObject(with: response.body) as? [[String: Any]] else {
                return page == 1 ? .projectNotFound : .tags(tags)
            }
            for tag in list {
                if let name = tag["name"] as? String, let sha = (tag["commit"] as? [String: Any])?["id"] as? String { tags[name] = sha }
            }
            if list.count < 100 { break }
        }
        return .tags(tags)
    }

    /// GitLab's template API keys a template by its name without `.gitlab-ci.yml`.
    private func template(_ name: String) -> IncludeAnswer {
        guard let templateSource else { return .noServer }
        let key = String(name.dropLast(".gitlab-ci.yml".count))
        let url = templateSource + "/api/v4/templates/gitlab_ci_ymls/" + PercentEncoding.encodeQueryComponent(key)
        guard let response = try? client.send(HTTPClientRequest(url: url, headers: [("Accept", "application/json")], timeout: 30)) else {
            return .failed("Template file `\(name)` could not be fetched: the template source \(templateSource) did not answer")
        }
        switch response.status {
        case 200:
            guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
                  let content = object["content"] as? String else {
                return .failed("Template file `\(name)` could not be fetched: the template source \(templateSource) answered without a `content`")
            }
            return .content(Array(content.utf8))
        case 404: return .fileNotFound
        default:
            return .failed("Template file `\(name)` could not be fetched: the template source \(templateSource) answered HTTP \(response.status)")
        }
    }

    private static func message(_ response: HTTPClientResponse) -> String {
        ((try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]).flatMap { $0["message"] as? String } ?? ""
    }
}
