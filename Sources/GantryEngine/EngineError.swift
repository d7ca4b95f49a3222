/// A request the pipeline state refuses, with a message a user can act on.
public enum EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownJob(String)
    /// Only manual and delayed jobs can be played, and only before they run.
    case notPlayable(String, JobStatus)
    /// Only finished jobs (success, failed, canceled) can be retried.
    case notRetryable(String, JobStatus)
    /// Only jobs that have not finished (created, pending, running, scheduled) can be canceled.
    case notCancelable(String, JobStatus)

    public var description: String {
        switch self {
        case .unknownJob(let name):
            return "no job named '\(name)' in this pipeline"
        case .notPlayable(let name, let status):
            return "job '\(name)' cannot be played: it is \(status.rawValue), and only manual or delayed jobs that have not run can be"
        case .notRetryable(let name, let status):
            return "job '\(name)' cannot be retried: it is \(status.rawValue), and only finished jobs can be"
        case .notCancelable(let name, let status):
            return "job '\(name)' cannot be canceled: it is \(status.rawValue), and only jobs that have not finished can be"
        }
    }
}
