import GantryServer
import GantryStore

/// One pipeline drawn: its header (status, ref, commit, who, when, duration, coverage, actions),
/// its graph and its failed jobs.
struct PipelineView {
    let detail: ReadModel.PipelineDetail
    let projectPath: String
    let context: PageContext

    private var p: PipelineRecord { detail.record }

    var header: HTML {
        let actions = (detail.canRetry ? button(Paths.pipeline(projectPath, p.id) + "/retry", "Retry", label: "Retry failed jobs of pipeline #\(p.id)") : .empty)
            + (detail.canCancel ? button(Paths.pipeline(projectPath, p.id) + "/cancel", "Cancel", label: "Cancel pipeline #\(p.id)") : .empty)
        let coverage: HTML = p.coverage.map { "<li>Coverage \(String(format: "%.2f", $0))%</li>" } ?? .empty
        let errors: HTML = p.yamlErrors.map { "<p class=\"flash error\" role=\"alert\">\($0)</p>" } ?? .empty
        return """
            <div class="pipeline-header" data-pipeline="\(p.id)" data-status="\(p.status.rawValue)">
            <p>\(StatusBadge.html(detail.status)) on <code>\(p.ref)</code>\(p.tag ? " (tag)" : "") · \
            commit <code>\(String(p.sha.prefix(8)))</code> \(detail.commitTitle ?? "")</p>
            <ul class="meta-list muted"><li>Created \(Moments.time(p.createdAt)) by \(detail.user?.username ?? "–")</li>\
            <li>Duration \(Moments.duration(detail.duration))</li><li>Queued \(Moments.duration(detail.queuedDuration))</li>\(coverage)</ul>
            \(errors)
            <p class="actions">\(actions)</p>
            </div>
            """
    }

    /// Stages as columns, jobs as boxes; `needs:` edges are drawn by the script between boxes
    /// (`data-needs` holds the ids of the boxes a job waits for).
    var graph: HTML {
        let idsByName = Dictionary(detail.stages.flatMap(\.jobs).map { ($0.record.name, $0.record.id) }, uniquingKeysWith: { a, _ in a })
        let columns = detail.stages.html { stage in
            let jobs = stage.jobs.html { job(in: $0, idsByName) }
            return "<section class=\"stage\" aria-label=\"Stage \(stage.name)\"><h3>\(stage.name)</h3><ol>\(jobs)</ol></section>"
        }
        return "<div class=\"graph\"><svg class=\"edges\" aria-hidden=\"true\"></svg>\(columns)</div>"
    }

    private func job(in view: ReadModel.JobView, _ idsByName: [String: Int]) -> HTML {
        let j = view.record
        let needs = (view.needs ?? []).compactMap { idsByName[$0] }.map(String.init).joined(separator: " ")
        let needsText: HTML = (view.needs?.isEmpty == false) ? "<span>needs \((view.needs ?? []).joined(separator: ", "))</span>" : .empty
        let retries: HTML = view.retries > 0 ? "<span>retried \(view.retries)×</span>" : .empty
        let coverage: HTML = j.coverage.map { "<span>\(String(format: "%.1f", $0))%</span>" } ?? .empty
        let failure: HTML = j.failureReason.map { "<span>\($0.replacingOccurrences(of: "_", with: " "))</span>" } ?? .empty
        let actions = (view.canPlay ? button(Paths.job(projectPath, j.id) + "/play", "Play", label: "Play \(j.name)") : .empty)
            + (view.canRetry ? button(Paths.job(projectPath, j.id) + "/retry", "Retry", label: "Retry \(j.name)") : .empty)
        return """
            <li class="job" data-job="\(j.id)" data-needs="\(needs)" data-status="\(j.status.rawValue)" data-name="\(j.name)">
            <div class="name"><a href="\(Paths.job(projectPath, j.id))">\(j.name)</a></div>
            <div class="meta">\(StatusBadge.html(view.status))\(Moments.duration(j.duration))\(retries)\(coverage)\(failure)\(needsText)</div>
            \(actions.markup.isEmpty ? .empty : "<div class=\"meta\">\(actions)</div>")
            </li>
            """
    }

    var failures: HTML {
        let failed = detail.failedJobs
        guard !failed.isEmpty else { return "<p>No failed jobs.</p>" }
        let rows = failed.html { view in
            let j = view.record
            let retry = view.canRetry ? button(Paths.job(projectPath, j.id) + "/retry", "Retry", label: "Retry \(j.name)") : .empty
            return """
                <tr><th scope="row"><a href="\(Paths.job(projectPath, j.id))">\(j.name)</a></th><td>\(j.stage)</td>\
                <td>\(StatusBadge.html(view.status))</td><td>\(j.failureReason ?? "")\(j.allowFailure ? " (allowed to fail)" : "")</td>\
                <td>\(Moments.duration(j.duration))</td><td>\(retry)</td></tr>
                """
        }
        return """
            <table><thead><tr><th scope="col">Job</th><th scope="col">Stage</th><th scope="col">Status</th><th scope="col">Reason</th>\
            <th scope="col">Duration</th><th scope="col"><span class="skip">Actions</span></th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    /// A POST form with the session's CSRF token: actions work without script and from the keyboard.
    private func button(_ action: String, _ text: String, label: String) -> HTML {
        "<form class=\"inline\" method=\"post\" action=\"\(action)\">\(context.csrfField)<button type=\"submit\" aria-label=\"\(label)\">\(text)</button></form>"
    }
}
