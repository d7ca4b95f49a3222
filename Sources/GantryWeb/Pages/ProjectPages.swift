import GantryHTTP

/// A project's pages, by the path after `/<project path>/-` (`/` is the project page itself).
struct ProjectPages {
    let site: Site

    func register(_ router: inout Router) {
        ProjectPage(site: site).register(&router)
        PipelinesPage(site: site).register(&router)
        PipelinePage(site: site).register(&router)
        PipelineActionRoutes(site: site).register(&router)
        JobPage(site: site).register(&router)
        ArtifactPages(site: site).register(&router)
        PackagesPage(site: site).register(&router)
        SettingsPage(site: site).register(&router)
    }
}
