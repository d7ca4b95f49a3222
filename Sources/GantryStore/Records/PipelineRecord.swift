import Foundation
import GantryEngine

/// A pipeline. `id` is global; `iid` counts 1, 2, 3... per project and is assigned by the store.
public struct PipelineRecord: Sendable, Equatable {
    public var id: Int
    public var projectID: Int
    public var iid: Int
    public var sha: String
    /// 40 zeros when there is no previous commit (web, API and new-branch pipelines), as in GitLab.
    public var beforeSHA: String
    public var ref: String
    public var tag: Bool
    /// "push", "web", "api", "trigger", "schedule", "merge_request_event".
    public var source: String
    public var status: PipelineStatus
    public var yamlErrors: String?
    /// What loading the configuration warned about and GantryLint's advice, `file:line:col: message` each.
    public var warnings: [String]
    public var userID: Int?
    public var createdAt: Date
    public var updatedAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    /// Seconds.
    public var duration: Double?
    public var coverage: Double?
    /// The variables given through the API or trigger, kept to plan the pipeline again after a restart.
    public var variablesJSON: String
    /// `workflow:name`, expanded; nil when the configuration gives none.
    public var name: String?

    public static let noSHA = String(repeating: "0", count: 40)

    public init(id: Int = 0, projectID: Int, iid: Int = 0, sha: String, beforeSHA: String = PipelineRecord.noSHA,
                ref: String, tag: Bool = false, source: String, status: PipelineStatus = .created, yamlErrors: String? = nil,
                userID: Int? = nil, createdAt: Date, updatedAt: Date, startedAt: Date? = nil, finishedAt: Date? = nil,
                duration: Double? = nil, coverage: Double? = nil, variablesJSON: String = "[]", warnings: [String] = [], name: String? = nil) {
        self.id = id
        self.projectID = projectID
        self.iid = iid
        self.sha = sha
        self.beforeSHA = beforeSHA
        self.ref = ref
        self.tag = tag
        self.source = source
        self.status = status
        self.yamlErrors = yamlErrors
        self.userID = userID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.duration = duration
        self.coverage = coverage
        self.variablesJSON = variablesJSON
        self.warnings = warnings
        self.name = name
    }
}
