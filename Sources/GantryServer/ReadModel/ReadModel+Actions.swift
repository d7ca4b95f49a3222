import Foundation
import GantryStore

/// What a person does to pipelines from a page: the API's play, retry and cancel, with the
/// API's rule (Developer and above on the project) and the coordinator's own checks.
extension ReadModel {
    public enum ActionOutcome: Sendable, Equatable {
        case done
        /// Nothing of that id in this project.
        case notFound
        /// Not allowed for this visitor, or not possible now (GitLab's 403 message).
        case refused(String)
    }

    public func playJob(_ id: Int, in project: ProjectRecord, by visitor: Visitor) -> ActionOutcome {
        onJob(id, project, visitor, "played") { try coordinator.play(jobID: $0) }
    }

    public func retryJob(_ id: Int, in project: ProjectRecord, by visitor: Visitor) -> ActionOutcome {
        onJob(id, project, visitor, "retried") { try coordinator.retry(jobID: $0) }
    }

    /// The job page's Cancel: that job only, as the API's job cancel.
    public func cancelJob(_ id: Int, in project: ProjectRecord, by visitor: Visitor) -> ActionOutcome {
        onJob(id, project, visitor, "canceled") { try coordinator.cancel(jobID: $0) }
    }

    private func onJob(_ id: Int, _ project: ProjectRecord, _ visitor: Visitor, _ verb: String,
                       _ body: (Int) throws -> JobRecord) -> ActionOutcome {
        act(project, visitor) {
            guard let job = try store.job(id: id), job.projectID == project.id else { return .notFound }
            _ = try body(job.id)
            note("\(visitor.user?.username ?? "?") \(verb) job \(job.id) (\(job.name)) of \(project.pathWithNamespace) from the web UI")
            return .done
        }
    }

    public func cancelPipeline(_ id: Int, in project: ProjectRecord, by visitor: Visitor) -> ActionOutcome {
        act(project, visitor) {
            guard let p = try store.pipeline(id: id), p.projectID == project.id else { return .notFound }
            _ = try coordinator.cancel(pipelineID: p.id)
            return .done
        }
    }

    public func retryPipeline(_ id: Int, in project: ProjectRecord, by visitor: Visitor) -> ActionOutcome {
        act(project, visitor) {
            guard let p = try store.pipeline(id: id), p.projectID == project.id else { return .notFound }
            try coordinator.retryFailedJobs(pipelineID: p.id, store: store)
            return .done
        }
    }

    private func act(_ project: ProjectRecord, _ visitor: Visitor, _ body: () throws -> ActionOutcome) -> ActionOutcome {
        guard visitor.user != nil, access.canRead(project, visitor.principal) else { return .notFound }
        guard access.role(of: visitor.principal, in: project) >= Role.developer else { return .refused("403 Forbidden") }
        do {
            return try body()
        } catch PipelineActions.ActionError.notFound {
            return .notFound
        } catch PipelineActions.ActionError.refused(let message) {
            return .refused(message)
        } catch {
            log.note("error: web action on \(project.pathWithNamespace): \(error)")
            return .refused("The action failed: \(error)")
        }
    }
}
