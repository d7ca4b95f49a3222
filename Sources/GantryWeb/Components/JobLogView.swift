import GantryServer
import GantryStore

/// The log part of the job page: a button for the part above the tail, and the lines with what
/// the script needs to continue them (`data-end`: the byte offset after the last line shown,
/// `data-line`: the next line's number, `data-open`: the sections still open, `data-follow`:
/// the job still writes).
struct JobLogView {
    let slice: TraceReader.Slice
    let job: JobRecord
    let logPath: String

    init(_ slice: TraceReader.Slice, job: JobRecord, logPath: String) {
        self.slice = slice
        self.job = job
        self.logPath = logPath
    }

    var html: HTML {
        var lines = LogLines(firstLine: slice.firstLine)
        let body = lines.render(slice.bytes)
        let earlier: HTML = slice.start == 0 ? .empty : """
            <p class="log-earlier-bar"><button type="button" class="log-earlier" data-before="\(slice.start)">Show earlier lines</button> \
            <span class="muted">\(slice.start / 1024) KB above the last \(ReadModel.logChunk / 1024) KB shown</span></p>
            """
        let empty: HTML = slice.bytes.isEmpty && job.status.isCompleted ? "<p class=\"muted\">This job has no log.</p>" : .empty
        return """
            <section class="job-log" aria-label="Log">
            \(earlier)\(empty)
            <div class="log" id="log" role="log" data-log="\(logPath)" data-end="\(slice.end)" data-line="\(lines.line)" \
            data-open="\(lines.open.joined(separator: " "))"\(job.status.isCompleted ? "" : " data-follow") tabindex="0">\(body)</div>
            <p class="log-state muted" aria-live="polite"></p>
            </section>
            """
    }
}
