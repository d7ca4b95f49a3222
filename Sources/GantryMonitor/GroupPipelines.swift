import Foundation
import GantryHTTP

/// Reads the newest pipeline of every project in a group and its subgroups: through Gantry's
/// extension (`/api/v4/gantry/groups/:id/latest_pipelines`, one request per 100 projects) when the
/// server has it, else through GitLab's documented endpoints (the project list, then per project
/// its newest pipeline and that pipeline's details, for the user and duration).
public struct GroupPipelines: Sendable {
    public let group: String
    public let ref: String?
    /// Skip the extension: GitLab's endpoints only (`--standard-api`).
    public let standardOnly: Bool
    let api: GitLabAPI
    static let concurrency = 8
    static let perPage = 100

    /// `client` is kept across refreshes so that its connections are reused.
    public init(server: GitLabServer, group: String, ref: String?, standardOnly: Bool, client: HTTPClient) {
        self.group = group
        self.ref = ref
        self.standardOnly = standardOnly
        api = GitLabAPI(server: server, client: client)
    }

    /// In display order (`ProjectPipeline.ordered`).
    public func fetch() throws(MonitorError) -> [ProjectPipeline] {
        if !standardOnly, let rows = try viaExtension() { return ProjectPipeline.ordered(rows) }
        return ProjectPipeline.ordered(try viaStandardAPI())
    }

    private var refQuery: [(String, String)] { ref.map { [("ref", $0)] } ?? [] }

    /// Nil when the server has no such route (GitLab answers 404).
    private func viaExtension() throws(MonitorError) -> [ProjectPipeline]? {
        let path = "/gantry/groups/\(GitLabAPI.id(group))/latest_pipelines"
        let first = try api.get(path, [("per_page", "\(Self.perPage)")] + refQuery)
        guard first.status != 404 else { return nil }
        let items = try pages(path, refQuery, first: first, what: "group \(group)")
        return items.compactMap { item in
            let entry = item.value as? [String: Any]
            return ProjectPipeline(project: entry?["project"], pipeline: entry?["pipeline"])
        }
    }

    private func viaStandardAPI() throws(MonitorError) -> [ProjectPipeline] {
        let path = "/groups/\(GitLabAPI.id(group))/projects"
        let query = [("include_subgroups", "true"), ("simple", "true"), ("archived", "false")]
        let projects = try pages(path, query, first: nil, what: "group \(group)")
        let api = self.api, refQuery = self.refQuery
        return try BoundedConcurrency.map(projects, width: Self.concurrency) { (project: SendableJSON) throws(MonitorError) in
            guard let id = (project.value as? [String: Any])?["id"] as? Int else { return nil }
            let list = try api.getOK("/projects/\(id)/pipelines", [("per_page", "1")] + refQuery, what: "pipelines of project \(id)")
            var pipeline: Any?
            if let newest = (list.json as? [Any])?.first as? [String: Any], let pid = newest["id"] as? Int {
                pipeline = try api.getOK("/projects/\(id)/pipelines/\(pid)", what: "pipeline \(pid)").json ?? newest
            }
            return ProjectPipeline(project: project.value, pipeline: pipeline)
        }.compactMap { $0 }
    }

    /// Every item of a paginated list: page 1 (given or fetched), then the rest concurrently when
    /// the server says how many there are, else one after another by `X-Next-Page`.
    private func pages(_ path: String, _ query: [(String, String)], first given: GitLabAPI.Answer?, what: String) throws(MonitorError) -> [SendableJSON] {
        let perPage = [("per_page", "\(Self.perPage)")]
        // A first answer that is not a 200 is asked again through getOK, which names the error.
        let first: GitLabAPI.Answer
        if let given, given.status == 200 {
            first = given
        } else {
            first = try api.getOK(path, query + perPage + [("page", "1")], what: what)
        }
        var items = (first.json as? [Any] ?? []).map(SendableJSON.init)
        if let total = first.totalPages, total > 1 {
            let api = self.api
            let rest = try BoundedConcurrency.map(Array(2...total), width: Self.concurrency) { (page: Int) throws(MonitorError) in
                (try api.getOK(path, query + perPage + [("page", "\(page)")], what: what).json as? [Any] ?? []).map(SendableJSON.init)
            }
            items += rest.flatMap { $0 }
        } else {
            var next = first.nextPage
            while let page = next {
                let answer = try api.getOK(path, query + perPage + [("page", "\(page)")], what: what)
                items += (answer.json as? [Any] ?? []).map(SendableJSON.init)
                next = answer.nextPage
            }
        }
        return items
    }
}

/// A parsed JSON value handed between threads; JSONSerialization's results are immutable.
struct SendableJSON: @unchecked Sendable {
    let value: Any
}
