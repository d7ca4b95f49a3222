import Foundation
import GantryEngine
import GantryPipeline

/// The table printed after a run and the same facts as JSON (`--json-summary`).
public struct RunSummary {
    public let outcome: PipelineRunner.Outcome
    public let plan: Plan

    public init(outcome: PipelineRunner.Outcome, plan: Plan) {
        self.outcome = outcome
        self.plan = plan
    }

    /// "success", "failed", ... and "success with warnings" for allowed failures.
    public var pipelineStatus: String {
        outcome.status == .success && outcome.hasWarnings ? "success with warnings" : outcome.status.rawValue
    }

    private func statusText(_ status: JobStatus, allowed: Bool) -> String {
        status == .failed && allowed ? "failed (allowed)" : status.rawValue
    }

    public func table(colour: Bool) -> String {
        let headers = ["JOB", "STAGE", "STATUS", "DURATION", "NOTES"]
        let rows: [[String]] = outcome.jobs.map { entry in
            var notes: [String] = []
            if let tests = entry.result?.tests {
                notes.append("tests \(tests.tests), failures \(tests.failures), errors \(tests.errors), skipped \(tests.skipped)")
            }
            if let coverage = entry.result?.coverage { notes.append(String(format: "coverage %.2f%%", coverage)) }
            if entry.attempts > 1 { notes.append("\(entry.attempts) attempts") }
            if let code = entry.result?.exitCode, entry.status == .failed { notes.append("exit code \(code)") }
            let duration = entry.result.map { String(format: "%.1fs", $0.duration) } ?? "-"
            return [entry.job.name, entry.job.stage, statusText(entry.status, allowed: entry.allowedFailure), duration,
                    notes.joined(separator: "; ")]
        }
        var widths = headers.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        var out = "\n" + line(headers) + "\n"
        for row in rows {
            var text = line(row)
            if colour {
                let code = row[2].hasPrefix("success") ? "32" : row[2].hasPrefix("failed (allowed)") ? "33" : row[2].hasPrefix("failed") ? "31" : "90"
                text = "\u{1B}[\(code)m\(text)\u{1B}[0m"
            }
            out += text + "\n"
        }
        out += "\nPipeline #\(plan.variables["CI_PIPELINE_IID"] ?? "?"): \(pipelineStatus)\n"
        return out
    }

    public func json() -> JSONValue {
        .object([
            ("pipeline", .object([
                ("iid", .int(Int(plan.variables["CI_PIPELINE_IID"] ?? "") ?? 0)),
                ("ref", .string(plan.variables["CI_COMMIT_REF_NAME"] ?? "")),
                ("status", .string(outcome.status.rawValue)),
                ("has_warnings", .bool(outcome.hasWarnings)),
            ])),
            ("jobs", .array(outcome.jobs.map { entry in
                var pairs: [(String, JSONValue)] = [
                    ("name", .string(entry.job.name)),
                    ("stage", .string(entry.job.stage)),
                    ("status", .string(entry.status.rawValue)),
                    ("allow_failure", .bool(entry.job.allowFailure || entry.allowedFailure)),
                    ("duration", entry.result.map { .double($0.duration) } ?? .null),
                    ("attempts", .int(entry.attempts)),
                    ("exit_code", entry.result?.exitCode.map { .int(Int($0)) } ?? .null),
                    ("failure_reason", entry.result?.failureReason.map { .string($0.rawValue) } ?? .null),
                    ("coverage", entry.result?.coverage.map { .double($0) } ?? .null),
                    ("log", entry.result.map { .string($0.logPath) } ?? .null),
                    ("artifacts", entry.result?.artifacts.map { .string($0) } ?? .null),
                ]
                if let timeline = entry.result?.timeline {
                    pairs.append(("slot", .int(timeline.slot)))
                    pairs.append(("started", .double(timeline.started)))
                    pairs.append(("finished", .double(timeline.finished)))
                }
                if let sections = entry.result?.sections, !sections.isEmpty {
                    pairs.append(("sections", .object(sections.map { ($0.name, .double($0.seconds)) })))
                }
                if let t = entry.result?.tests {
                    pairs.append(("tests", .object([("total", .int(t.tests)), ("failures", .int(t.failures)),
                                                    ("errors", .int(t.errors)), ("skipped", .int(t.skipped))])))
                }
                return .object(pairs)
            })),
        ])
    }
}
