import Foundation
import GantryExecution
import GantryPipeline
import GantryStore

/// `GET /pipelines/:id/test_report` and `/test_report_summary`: the junit reports the pipeline's
/// jobs uploaded, one test suite per job name as GitLab groups them, with GitLab's counts.
struct TestReportBuilder {
    let store: any Store
    let data: DataDirectory

    /// One job's junit reports, merged (the web UI's test report tab reads these too).
    struct Suite {
        let name: String
        let jobIDs: [Int]
        let report: JUnitReport
        let error: String?
    }

    func suites(_ pipeline: PipelineRecord) throws -> [Suite] {
        var suites: [Suite] = []
        for job in try store.jobs(pipelineID: pipeline.id, includeRetried: false) {
            let files = try store.artifacts(jobID: job.id).filter { $0.fileType == "junit" }
            guard !files.isEmpty else { continue }
            var reports: [JUnitReport] = []
            var suiteError: String?
            for file in files {
                do {
                    reports.append(try JUnitReport.parse(contentsOf: data.root.appendingPathComponent(file.path)))
                } catch {
                    suiteError = error.description
                }
            }
            suites.append(Suite(name: job.name, jobIDs: [job.id], report: JUnitReport.merge(reports), error: suiteError))
        }
        return suites
    }

    /// Every suite with all its cases: failed and errored first, as GitLab sorts them, then passed and skipped.
    func report(pipeline: PipelineRecord) throws -> JSONValue {
        let all = try suites(pipeline)
        let total = JUnitReport.merge(all.map(\.report))
        return .object(counts(total) + [("test_suites", .array(all.map { suite($0, cases: true) }))])
    }

    func summary(pipeline: PipelineRecord) throws -> JSONValue {
        let all = try suites(pipeline)
        let t = JUnitReport.merge(all.map(\.report))
        let total: JSONValue = .object([("time", .double(t.time)), ("count", .int(t.tests)), ("success", .int(t.passed)),
                                        ("failed", .int(t.failures)), ("skipped", .int(t.skipped)), ("error", .int(t.errors)),
                                        ("suite_error", all.compactMap(\.error).first.map { .string($0) } ?? .null)])
        return .object([("total", total), ("test_suites", .array(all.map { suite($0, cases: false) }))])
    }

    private func counts(_ r: JUnitReport) -> [(String, JSONValue)] {
        [("total_time", .double(r.time)), ("total_count", .int(r.tests)), ("success_count", .int(r.passed)),
         ("failed_count", .int(r.failures)), ("skipped_count", .int(r.skipped)), ("error_count", .int(r.errors))]
    }

    static let order: [JUnitReport.Case.Status] = [.failed, .error, .success, .skipped]

    private func suite(_ s: Suite, cases: Bool) -> JSONValue {
        var fields: [(String, JSONValue)] = [("name", .string(s.name))] + counts(s.report)
        fields.append(("suite_error", s.error.map { .string($0) } ?? .null))
        if cases {
            let sorted = Self.order.flatMap { status in s.report.cases.filter { $0.status == status } }
            fields.append(("test_cases", .array(sorted.map { c in
                .object([("status", .string(c.status.rawValue)), ("name", .string(c.name)), ("classname", .string(c.className)),
                         ("file", c.file.map { .string($0) } ?? .null), ("execution_time", .double(c.time)),
                         ("system_output", c.message.map { .string($0) } ?? .null), ("stack_trace", c.output.map { .string($0) } ?? .null),
                         ("recent_failures", .null)])
            })))
        } else {
            fields.append(("build_ids", .array(s.jobIDs.map(JSONValue.int))))
        }
        return .object(fields)
    }
}
