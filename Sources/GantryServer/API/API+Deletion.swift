import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

/// `DELETE /projects/:id/pipelines/:pipeline_id` and `DELETE /projects/:id`: the rows and what
/// lives beside them on disk (traces, artifacts, the git repository, package content no other
/// project shares). Both are the Owner's, as in GitLab (destroy_pipeline, remove_project).
extension API {
    func registerDeletion(_ router: inout Router, _ registry: PackageRegistry) {
        router.add("DELETE", "/api/v4/projects/:id/pipelines/:pipeline_id") { request in
            let project = try project(request, try signedIn(request), atLeast: Role.owner)
            let p = try pipeline(request, of: project)
            let jobIDs = try coordinator.deleting(pipelineIDs: { [p.id] }) { try store.deletePipeline(id: p.id) }
            removeJobFiles(jobIDs)
            log.note("pipeline #\(p.id) of \(project.pathWithNamespace) deleted")
            return .empty(status: 204)
        }
        router.add("DELETE", "/api/v4/projects/:id") { request in
            let project = try project(request, try signedIn(request), atLeast: Role.owner)
            var removed = ProjectDeletion()
            try registry.delete {
                removed = try coordinator.deleting(pipelineIDs: { try store.pipelineIDs(projectID: project.id) }) {
                    try store.deleteProject(id: project.id)
                }
                return removed.packageDigests
            }
            removeJobFiles(removed.jobIDs)
            try? FileManager.default.removeItem(at: data.repository(projectID: project.id))
            log.note("project \(project.pathWithNamespace) deleted (id \(project.id))")
            return .json(status: 202, .object([("message", .string("202 Accepted"))]))
        }
    }

    /// A removed job's trace and artifact folder.
    func removeJobFiles(_ jobIDs: [Int]) {
        for id in jobIDs {
            try? FileManager.default.removeItem(at: data.trace(jobID: id))
            try? FileManager.default.removeItem(at: data.artifactFolder(jobID: id))
        }
    }
}
