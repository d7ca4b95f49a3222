import GantryEngine

/// Filters of the pipeline list (GitLab's `GET /projects/:id/pipelines`); nil means "any".
public struct PipelineFilter: Sendable, Equatable {
    public var ref: String?
    public var status: PipelineStatus?
    /// Any of these statuses (GitLab's `scope=finished` and the like).
    public var statuses: [PipelineStatus]?
    public var source: String?
    public var sha: String?
    /// true: tag pipelines only, false: branch pipelines only (`scope=tags` / `scope=branches`).
    public var tag: Bool?

    public init(ref: String? = nil, status: PipelineStatus? = nil, statuses: [PipelineStatus]? = nil, source: String? = nil,
                sha: String? = nil, tag: Bool? = nil) {
        self.ref = ref
        self.status = status
        self.statuses = statuses
        self.source = source
        self.sha = sha
        self.tag = tag
    }
}

/// The `order_by` values of the pipeline list. Ties are broken by id in the same direction.
public enum PipelineOrder: String, Sendable, CaseIterable {
    case id
    case updatedAt = "updated_at"
    case ref
    case status
}
