import GantryHTTP

/// `/`: every group the visitor can see, each project with its newest pipeline, failing first,
/// following the server live.
struct DashboardPage {
    let site: Site

    func register(_ router: inout Router) {
        router.add("GET", "/") { request in
            let context = try site.context(request)
            let render = { try site.model.dashboard(for: context.visitor).html { GroupBoardView.html($0) } }
            if let poll = try LiveRegion.answer(request, label: "Groups", { try boards(render()) }) { return poll }
            let signIn: HTML = context.visitor.user == nil
                ? "<p class=\"muted\">Showing public groups and projects. <a href=\"\(SignInPath.path)\">Sign in</a> to see yours.</p>"
                : .empty
            return context.page("Dashboard", """
                <h1>Dashboard</h1>
                \(signIn)
                \(LiveRegion.wrap(request, label: "Groups", try boards(render())))
                """)
        }
    }

    private func boards(_ html: HTML) -> HTML {
        html.markup.isEmpty ? "<p>No groups to show yet.</p>" : html
    }
}
