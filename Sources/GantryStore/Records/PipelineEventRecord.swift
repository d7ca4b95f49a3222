import Foundation

/// One step of a pipeline's history (job started, finished, canceled...), numbered 1...n per pipeline.
/// The server replays them to rebuild its in-memory scheduler after a restart.
public struct PipelineEventRecord: Sendable, Equatable {
    public var pipelineID: Int
    /// Assigned by the store on append.
    public var seq: Int
    public var kind: String
    public var jobName: String?
    public var success: Bool?
    public var exitCode: Int?
    public var reason: String?
    public var at: Date

    public init(pipelineID: Int, seq: Int = 0, kind: String, jobName: String? = nil, success: Bool? = nil,
                exitCode: Int? = nil, reason: String? = nil, at: Date) {
        self.pipelineID = pipelineID
        self.seq = seq
        self.kind = kind
        self.jobName = jobName
        self.success = success
        self.exitCode = exitCode
        self.reason = reason
        self.at = at
    }
}
