/// Breadcrumbs: each group of a namespace path, then the project and the page.
enum Crumbs {
    static func group(_ fullPath: String) -> [Layout.Crumb] {
        var crumbs: [Layout.Crumb] = []
        var prefix: [Substring] = []
        for part in fullPath.split(separator: "/") {
            prefix.append(part)
            crumbs.append(Layout.Crumb(title: String(part), path: Paths.group(prefix.joined(separator: "/"))))
        }
        return crumbs
    }

    static func project(_ pathWithNamespace: String, _ extra: [Layout.Crumb] = []) -> [Layout.Crumb] {
        let parts = pathWithNamespace.split(separator: "/")
        let groups = group(parts.dropLast().joined(separator: "/"))
        return groups + [Layout.Crumb(title: String(parts.last ?? ""), path: Paths.project(pathWithNamespace))] + extra
    }
}
