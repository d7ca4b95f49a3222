import GantryHTTP
import GantryServer

/// `/admin/runners` and `/admin/users`, for administrators (everyone else gets 404).
struct AdminPages {
    let site: Site
    static let perPage = 100

    func register(_ router: inout Router) {
        router.add("GET", "/admin/runners") { request in
            let context = try site.context(request)
            guard let runners = try site.model.allRunners(for: context.visitor) else { throw PageError.notFound }
            let rows = runners.html { r -> HTML in
                "<tr><td>#\(r.id)</td><td>\(r.description)</td><td>\(r.tags.joined(separator: ", "))</td><td>\(r.runUntagged ? "yes" : "no")</td><td>\(r.active ? "active" : "paused")</td><td>\(Moments.time(r.contactedAt))</td></tr>"
            }
            return context.page("Runners · Admin", crumbs: [Layout.Crumb(title: "Admin", path: "/admin/runners"), Layout.Crumb(title: "Runners", path: "/admin/runners")], """
                <h1>Runners</h1>
                <table><thead><tr><th scope="col">Runner</th><th scope="col">Description</th><th scope="col">Tags</th><th scope="col">Runs untagged</th><th scope="col">State</th><th scope="col">Last contact</th></tr></thead>
                <tbody>\(rows)</tbody></table>
                """)
        }
        router.add("GET", "/admin/users") { request in
            let context = try site.context(request)
            let page = max(1, request.query("page").flatMap(Int.init) ?? 1)
            guard let found = try site.model.users(for: context.visitor, page: page, perPage: AdminPages.perPage) else { throw PageError.notFound }
            let rows = found.items.html { u -> HTML in
                "<tr><td>\(u.username)</td><td>\(u.name)</td><td>\(u.email)</td><td>\(u.isAdmin ? "administrator" : "regular")</td><td>\(u.state)</td><td>\(Moments.time(u.createdAt))</td></tr>"
            }
            let next: HTML = page * AdminPages.perPage < found.total ? "<a class=\"button\" href=\"/admin/users?page=\(page + 1)\">Next →</a>" : .empty
            return context.page("Users · Admin", crumbs: [Layout.Crumb(title: "Admin", path: "/admin/users"), Layout.Crumb(title: "Users", path: "/admin/users")], """
                <h1>Users</h1><p class="muted">\(found.total) users</p>
                <table><thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Access</th><th scope="col">State</th><th scope="col">Created</th></tr></thead>
                <tbody>\(rows)</tbody></table><nav class="pager" aria-label="Pages">\(next)</nav>
                """)
        }
    }
}
