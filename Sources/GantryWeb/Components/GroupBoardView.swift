import GantryServer

/// One group's projects with their newest pipelines: the table of the dashboard and group pages.
enum GroupBoardView {
    static func html(_ board: ReadModel.GroupBoard, heading: Bool = true) -> HTML {
        let group = board.group
        let rows = board.rows.html { row in
            let project = row.project
            let projectPath = Paths.project(project.pathWithNamespace)
            guard let latest = row.latest else {
                return """
                    <tr><th scope="row"><a href="\(projectPath)">\(project.pathWithNamespace)</a></th>\
                    <td colspan="6" class="muted">no pipelines yet</td></tr>
                    """
            }
            let p = latest.record
            let pipelinePath = Paths.pipeline(project.pathWithNamespace, p.id)
            return """
                <tr data-project="\(project.pathWithNamespace)"><th scope="row"><a href="\(projectPath)">\(project.pathWithNamespace)</a></th>\
                <td>\(StatusBadge.html(latest.status, link: pipelinePath))</td>\
                <td><code>\(p.ref)</code></td>\
                <td><a href="\(pipelinePath)">#\(p.id)</a></td>\
                <td>\(latest.user?.username ?? "–")</td>\
                <td>\(Moments.time(p.createdAt))</td>\
                <td>\(Moments.duration(p.duration))</td></tr>
                """
        }
        let more: HTML = board.more > 0 ? "<p class=\"muted\">and \(board.more) more projects</p>" : .empty
        let title: HTML = heading ? "<h2 id=\"group-\(group.id)\"><a href=\"\(Paths.group(group.fullPath))\">\(group.name)</a> <span class=\"muted\">\(group.fullPath)</span></h2>" : .empty
        return """
            <section class="group-block" aria-labelledby="group-\(group.id)">
            \(title)
            <table>
            <caption class="skip">Newest pipeline of each project in \(group.fullPath), failing first</caption>
            <thead><tr><th scope="col">Project</th><th scope="col">Status</th><th scope="col">Ref</th><th scope="col">Pipeline</th>\
            <th scope="col">Started by</th><th scope="col">Created</th><th scope="col">Duration</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table>
            \(more)
            </section>
            """
    }
}
