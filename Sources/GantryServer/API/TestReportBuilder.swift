import Foundation
import GantryExecution
import GantryPipeline
import GantryStore

/// `GET /pipelines/:id/test_report`: the junit reports the pipeline's jobs uploaded, one test
/// suite per job as GitLab groups them, with GitLab's counts.
struct TestReportBuilder {
    let store: any Store
    let data: DataDirectory

    func report(pipeline: PipelineRecord) throws -> JSONValue {
        var suites: [JSONValue] = []
        var total = JUnitReport()
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
            let merged = JUnitReport.merge(reports)
            total = JUnitReport.merge([total, merged])
            suites.append(suite(job.name, merged, error: suiteError))
        }
        return .object(counts(total) + [("test_suites", .array(suites))])
    }

    private func counts(_ r: JUnitReport) -> [(String, JSONValue)] {
        [("total_time", .double(r.time)), ("total_count", .int(r.tests)), ("success_count", .int(r.passed)),
         ("failed_count", .int(r.failures)), ("skipped_count", .int(r.skipped)), ("error_count", .int(r.errors))]
    }

    private func suite(_ name: String, _ r: JUnitReport, error: String?) -> JSONValue {
        let cases: [JSONValue] = r.failedCases.map { c in
            .object([("status", .string(c.status.rawValue)), ("name", .string(c.name)), ("classname", .string(c.className)),
                     ("file", c.file.map { .string($0) } ?? .null), ("execution_time", .double(c.time)),
                     ("system_output", c.message.map { .string($0) } ?? .null), ("stack_trace", c.output.map { .string($0) } ?? .null)])
        }
        return .object([("name", .string(name))] + counts(r) + [("suite_error", error.map { .string($0) } ?? .null),
                                                                ("test_cases", .array(cases))])
    }
}
