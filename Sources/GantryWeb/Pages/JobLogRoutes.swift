import Foundation
import GantryHTTP
import GantryServer

/// The job log's own endpoints: `/raw` (the whole trace file as text, GitLab's path), and
/// `/log`, the lines the page adds: `?after=<offset>&line=<n>&open=<sections>` waits (long-poll,
/// up to `wait` seconds) for the lines the job writes after `offset`; `?before=<offset>` answers
/// the part of the log above what the page shows. Both answer markup (escaped by `LogLines`) and
/// where the next request continues in `X-Log-*` headers.
struct JobLogRoutes {
    let site: Site
    static let wait: TimeInterval = 20

    func register(_ router: inout Router) {
        router.add("GET", "/jobs/:job_id/raw") { request in
            let (_, job, _) = try JobPage.job(site, request)
            guard job.canReadLog else { throw PageError.notFound }
            guard let file = site.model.traceFile(of: job) else { return .text("") }
            return .file(file, contentType: "text/plain; charset=utf-8", headers: HTTPResponse.pageHeaders)
        }
        router.add("GET", "/jobs/:job_id/log") { request in try log(request) }
    }

    private func log(_ request: HTTPRequest) throws -> HTTPResponse {
        let (_, job, _) = try JobPage.job(site, request)
        guard let reader = site.model.trace(of: job) else { throw PageError.notFound }
        if let before = request.query("before").flatMap(Int.init) {
            let slice = reader.before(before, limit: ReadModel.logChunk)
            var lines = LogLines(firstLine: slice.firstLine)
            return .html(lines.render(slice.bytes), headers: [("X-Log-Start", "\(slice.start)")])
        }
        guard let after = request.query("after").flatMap(Int.init), after >= 0 else { throw PageError.notFound }
        // A number from the request: bounded, so counting on from it cannot overflow.
        let line = min(max(1, request.query("line").flatMap(Int.init) ?? 1), 1 << 48)
        guard let (slice, row) = try site.model.follow(job, from: after, firstLine: line, wait: JobLogRoutes.wait) else {
            throw PageError.notFound
        }
        var lines = LogLines(open: JobLogRoutes.sections(request.query("open") ?? ""), firstLine: line)
        let body = lines.render(slice.bytes)
        let complete = row.status.isCompleted && slice.end >= row.traceSize
        return .html(body, headers: [("X-Log-End", "\(slice.end)"), ("X-Log-Line", "\(lines.line)"),
                                     ("X-Log-Open", lines.open.joined(separator: " ")), ("X-Log-Complete", complete ? "1" : "0")])
    }

    /// The open sections a page sends back: names as GitLab allows them, a bounded number.
    static func sections(_ text: String) -> [String] {
        text.split(separator: " ").prefix(32).map(String.init)
            .filter { !$0.isEmpty && $0.count <= 200 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) } }
    }
}
