import Foundation
import GantryEngine

/// A job (GitLab's build). `id` is global and appears in URLs.
public struct JobRecord: Sendable, Equatable {
    public var id: Int
    public var pipelineID: Int
    public var projectID: Int
    public var name: String
    public var stage: String
    public var stageIndex: Int
    public var status: JobStatus
    /// "on_success", "on_failure", "always", "manual", "delayed", "never".
    public var when: String
    public var allowFailure: Bool
    /// Hex SHA-256 of the job token while the job runs; nil otherwise. Unique.
    public var tokenDigest: String?
    public var runnerID: Int?
    public var tags: [String]
    public var createdAt: Date
    public var queuedAt: Date?
    public var startedAt: Date?
    public var finishedAt: Date?
    /// Seconds.
    public var duration: Double?
    public var failureReason: String?
    public var exitCode: Int?
    public var coverage: Double?
    /// Superseded by a later attempt (a retry).
    public var retried: Bool
    public var attempt: Int
    /// Bytes of trace received so far.
    public var traceSize: Int
    public var lastHeartbeatAt: Date?
    /// Relative to the data directory.
    public var artifactsFile: String?
    public var artifactsSize: Int?
    public var artifactsExpireAt: Date?
    /// When its trace and artifacts were erased (`POST /jobs/:id/erase`).
    public var erasedAt: Date?

    public init(id: Int = 0, pipelineID: Int, projectID: Int, name: String, stage: String, stageIndex: Int,
                status: JobStatus = .created, when: String = "on_success", allowFailure: Bool = false,
                tokenDigest: String? = nil, runnerID: Int? = nil, tags: [String] = [], createdAt: Date,
                queuedAt: Date? = nil, startedAt: Date? = nil, finishedAt: Date? = nil, duration: Double? = nil,
                failureReason: String? = nil, exitCode: Int? = nil, coverage: Double? = nil, retried: Bool = false,
                attempt: Int = 1, traceSize: Int = 0, lastHeartbeatAt: Date? = nil, artifactsFile: String? = nil,
                artifactsSize: Int? = nil, artifactsExpireAt: Date? = nil, erasedAt: Date? = nil) {
        self.id = id
        self.pipelineID = pipelineID
        self.projectID = projectID
        self.name = name
        self.stage = stage
        self.stageIndex = stageIndex
        self.status = status
        self.when = when
        self.allowFailure = allowFailure
        self.tokenDigest = tokenDigest
        self.runnerID = runnerID
        self.tags = tags
        self.createdAt = createdAt
        self.queuedAt = queuedAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.duration = duration
        self.failureReason = failureReason
        self.exitCode = exitCode
        self.coverage = coverage
        self.retried = retried
        self.attempt = attempt
        self.traceSize = traceSize
        self.lastHeartbeatAt = lastHeartbeatAt
        self.artifactsFile = artifactsFile
        self.artifactsSize = artifactsSize
        self.artifactsExpireAt = artifactsExpireAt
        self.erasedAt = erasedAt
    }
}
