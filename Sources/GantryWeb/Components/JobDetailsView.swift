import GantryServer

/// The job page's header: status, what ran where and for how long, the links to the raw log and
/// the artifacts, and the buttons (forms with the CSRF token, to the job routes of
/// `PipelineActionRoutes`; cancel stops this job only, as the API's job cancel does).
struct JobDetailsView {
    let job: ReadModel.JobDetail
    let projectPath: String
    let context: PageContext

    var html: HTML {
        let r = job.record
        let base = Paths.job(projectPath, r.id)
        var links: [HTML] = []
        if job.canReadLog { links.append("<a href=\"\(base)/raw\">Raw log</a>") }
        if job.canReadLog && r.artifactsFile != nil {
            links.append("<a href=\"\(base)/artifacts/browse\">Browse artifacts</a>")
            links.append("<a href=\"\(base)/artifacts/download\">Download artifacts</a>")
        }
        var buttons: [HTML] = []
        if job.canPlay { buttons.append(button("\(base)/play", "Run", primary: true)) }
        if job.canRetry { buttons.append(button("\(base)/retry", "Retry")) }
        if job.canCancel { buttons.append(button("\(base)/cancel", "Cancel")) }
        let sha = String(job.pipeline.sha.prefix(8))
        return """
            <div class="job-header">\(StatusBadge.html(job.status)) \(buttons)</div>
            <dl class="details">
            <dt>Stage</dt><dd>\(r.stage)</dd>
            <dt>Pipeline</dt><dd><a href="\(Paths.pipeline(projectPath, job.pipeline.id))">#\(job.pipeline.id)</a></dd>
            <dt>Ref</dt><dd class="mono">\(job.pipeline.ref)</dd>
            <dt>Commit</dt><dd><span class="mono">\(sha)</span> \(job.commitTitle ?? "")</dd>
            <dt>Runner</dt><dd>\(job.runner ?? "–")</dd>
            <dt>Duration</dt><dd>\(Moments.duration(job.duration))</dd>
            <dt>Queued</dt><dd>\(Moments.duration(job.queuedDuration))</dd>
            <dt>Started</dt><dd>\(Moments.time(r.startedAt))</dd>
            \(r.failureReason.map { "<dt>Failure</dt><dd>\($0)</dd>" as HTML })
            </dl>
            <nav aria-label="Job files"><ul class="links">\(links.map { "<li>\($0)</li>" as HTML })</ul></nav>
            """
    }

    private func button(_ action: String, _ title: String, primary: Bool = false) -> HTML {
        "<form class=\"inline\" method=\"post\" action=\"\(action)\">\(context.csrfField)<button type=\"submit\"\(primary ? " class=\"primary\"" : "")>\(title)</button></form>"
    }
}
