import Foundation
import GantryServer

/// The test report tab: GitLab's counts, then each suite (one per job) with its cases,
/// failures first, with the failure message and output.
enum TestReportView {
    static func html(_ suites: [ReadModel.TestSuite]) -> HTML {
        guard !suites.isEmpty else { return "<p>No test reports: no job of this pipeline uploaded <code>artifacts:reports:junit</code>.</p>" }
        let total = suites.reduce(into: (tests: 0, failed: 0, errors: 0, skipped: 0, time: 0.0)) {
            $0.tests += $1.report.tests
            $0.failed += $1.report.failures
            $0.errors += $1.report.errors
            $0.skipped += $1.report.skipped
            $0.time += $1.report.time
        }
        let summary: HTML = """
            <p class="test-summary"><strong>\(total.tests) tests</strong> · \(total.failed) failed · \(total.errors) errors · \
            \(total.skipped) skipped · \(Moments.duration(total.time))</p>
            """
        return summary + suites.html(suite)
    }

    private static func suite(_ suite: ReadModel.TestSuite) -> HTML {
        let error: HTML = suite.error.map { "<p class=\"flash error\">\($0)</p>" } ?? .empty
        let rows = suite.sortedCases.html { c in
            let detail = [c.message, c.output].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
            let text: HTML = detail.isEmpty ? .empty : "<pre class=\"failure\">\(detail)</pre>"
            return """
                <tr data-test-status="\(c.status.rawValue)"><td>\(c.status.rawValue)</td><th scope="row">\(c.name)</th>\
                <td><code>\(c.className)</code></td><td>\(Moments.duration(c.time))</td></tr>\
                \(text.markup.isEmpty ? .empty : "<tr><td></td><td colspan=\"3\">\(text)</td></tr>")
                """
        }
        return """
            <section class="test-suite"><h2>\(suite.name)</h2>\(error)
            <p class="muted">\(suite.report.tests) tests · \(suite.report.failures) failed · \(suite.report.errors) errors · \(suite.report.skipped) skipped</p>
            <table><thead><tr><th scope="col">Status</th><th scope="col">Test</th><th scope="col">Class</th><th scope="col">Time</th></tr></thead>
            <tbody>\(rows)</tbody></table></section>
            """
    }
}
