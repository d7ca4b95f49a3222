import GantryHTTP

/// `/groups/<path>` and `/<group path>`: one group and its subgroups' projects with their
/// newest pipelines, as on the dashboard.
struct GroupPages {
    let site: Site

    /// Routes after `/<group path>/-` (`/` is the group page itself).
    func register(_ router: inout Router) {
        router.add("GET", "/") { request in try show(request) }
    }

    func registerTopLevel(_ router: inout Router) {
        router.add("GET", "/groups/*group") { request in try show(request) }
    }

    private func show(_ request: HTTPRequest) throws -> HTTPResponse {
        let (context, group) = try site.groupPage(request)
        let render = { GroupBoardView.html(try site.model.board(group, for: context.visitor), heading: false) }
        if let poll = try LiveRegion.answer(request, label: group.fullPath, render) { return poll }
        return context.page(group.name, crumbs: Crumbs.group(group.fullPath), """
            <h1>\(group.name)</h1>
            <p class="muted">\(group.fullPath) · \(group.visibility)</p>
            \(LiveRegion.wrap(request, label: group.fullPath, try render()))
            """)
    }
}
