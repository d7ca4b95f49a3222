import Foundation
import GantryStore

/// Starts a pipeline for every branch or tag that moved between two snapshots of a repository's
/// refs: after a push, and at start for a push the previous run did not finish.
struct PushPipelines: Sendable {
    let coordinator: PipelineCoordinator
    let log: ServerLog

    /// True when every moved ref was handled (a pipeline, or a reason for none); false when one
    /// could not be created, so that the push stays recorded and is tried again at the next start.
    @discardableResult
    func start(project: ProjectRecord, before: [String: String], after: [String: String], userID: Int?) -> Bool {
        var complete = true
        for (ref, sha) in after.sorted(by: { $0.key < $1.key }) where before[ref] != sha {
            let tag = ref.hasPrefix("refs/tags/")
            let name = String(ref.dropFirst(tag ? "refs/tags/".count : "refs/heads/".count))
            do {
                switch try coordinator.createPipeline(project: project, ref: name, tag: tag, sha: sha,
                                                      beforeSHA: before[ref] ?? PipelineRecord.noSHA, source: "push", variables: [],
                                                      userID: userID) {
                case .created(let p):
                    log.note("pipeline #\(p.id) of \(project.pathWithNamespace) on \(name): \(p.status.rawValue)")
                case .notCreated(let reason):
                    log.note("push to \(project.pathWithNamespace) \(name): no pipeline (\(reason))")
                }
            } catch {
                complete = false
                log.note("push to \(project.pathWithNamespace) \(name): pipeline not created: \(error)")
            }
        }
        return complete
    }
}
