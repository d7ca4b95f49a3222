/// The frame of every page: a skip link, the header with the site navigation and who is signed
/// in, the breadcrumbs, and `main` with the page's own content (landmarks for screen readers).
struct Layout {
    struct Crumb {
        let title: String
        let path: String
    }

    let assets: Assets
    let context: PageContext

    func document(title: String, crumbs: [Crumb] = [], body: HTML) -> HTML {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · Gantry</title>
        <link rel="stylesheet" href="\(assets.path("gantry.css"))">
        <script src="\(assets.path("gantry.js"))" defer></script>
        </head>
        <body>
        <a class="skip" href="#content">Skip to content</a>
        <header class="top">
        <a class="brand" href="/">Gantry</a>
        <nav aria-label="Site"><ul><li><a href="/">Dashboard</a></li></ul></nav>
        <div class="who">\(account)</div>
        </header>
        \(breadcrumbs(crumbs))
        <main id="content">
        \(body)
        </main>
        </body>
        </html>
        """
    }

    private var account: HTML {
        guard let user = context.visitor.user else {
            return "<a href=\"\(SignInPath.with(redirect: context.request.path))\">Sign in</a>"
        }
        return """
            <span>\(user.name) <span class="muted">@\(user.username)</span></span>
            <form method="post" action="/users/sign_out">\(context.csrfField)<button type="submit">Sign out</button></form>
            """
    }

    private func breadcrumbs(_ crumbs: [Crumb]) -> HTML {
        guard !crumbs.isEmpty else { return .empty }
        let items = crumbs.enumerated().html { index, crumb in
            index == crumbs.count - 1
                ? "<li><a href=\"\(crumb.path)\" aria-current=\"page\">\(crumb.title)</a></li>"
                : "<li><a href=\"\(crumb.path)\">\(crumb.title)</a></li>"
        }
        return "<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><ol>\(items)</ol></nav>"
    }
}
