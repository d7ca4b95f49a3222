import Foundation
import GantryStore

/// Every project of a group and its subgroups that a viewer may see, each with its newest
/// pipeline (on `ref` when given): the group monitor's data, for the API's
/// `/gantry/groups/:id/latest_pipelines` (`gantry pipelines`) and the web UI's dashboard alike.
struct LatestPipelines {
    let store: any Store

    func page(of group: GroupRecord, viewer: Viewer, ref: String? = nil, page: Int, perPage: Int)
        throws -> Page<(project: ProjectRecord, pipeline: PipelineRecord?)> {
        let ids = [group.id] + (try store.subgroupIDs(of: group.id, recursive: true))
        let projects = try store.projects(visibleTo: viewer, inGroups: ids, search: nil, page: page, perPage: perPage)
        let filter = PipelineFilter(ref: ref)
        return (projects.items.map { project in
            (project, (try? store.pipelines(projectID: project.id, filter: filter, page: 1, perPage: 1))?.items.first)
        }, projects.total)
    }
}
