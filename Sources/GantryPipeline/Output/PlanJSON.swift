import Foundation

/// `gantry plan --json` and the readable table of the same plan.
public enum PlanOutput {
    public static func json(_ plan: Plan) -> JSONValue {
        var top: [(String, JSONValue)] = [("stages", .array(plan.stages.map(JSONValue.string)))]
        if let name = plan.name { top.append(("name", .string(name))) }
        top.append(("jobs", .array(plan.jobs.map { job in
            var pairs: [(String, JSONValue)] = [
                ("name", .string(job.name)),
                ("stage", .string(job.stage)),
                ("when", .string(job.when)),
                ("allow_failure", .bool(job.allowFailure)),
                ("needs", job.needs.map { .array($0.map { .string($0.job) }) } ?? .null),
            ]
            if let start = job.startIn { pairs.append(("start_in", .string(start))) }
            if !job.crossNeeds.isEmpty { pairs.append(("cross_needs", .array(job.crossNeeds.map(crossNeed)))) }
            return .object(pairs)
        })))
        return .object(top)
    }

    /// As GitLab keeps it in the job's `cross_dependencies`.
    private static func crossNeed(_ need: CrossNeed) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("job", .string(need.job))]
        if let project = need.project { pairs.append(("project", .string(project))) }
        if let ref = need.ref { pairs.append(("ref", .string(ref))) }
        if let pipeline = need.pipeline { pairs.append(("pipeline", .string(pipeline))) }
        pairs.append(("artifacts", .bool(need.artifacts)))
        return .object(pairs)
    }

    public static func table(_ plan: Plan) -> String {
        let headers = ["STAGE", "JOB", "WHEN", "ALLOW FAILURE", "NEEDS"]
        let rows = plan.jobs.map { job -> [String] in
            var needs = job.needs.map { $0.isEmpty ? "[] (starts at once)" : $0.map(\.job).joined(separator: ", ") } ?? "-"
            if !job.crossNeeds.isEmpty {
                needs += "; from other pipelines: " + job.crossNeeds.map(\.description).joined(separator: ", ")
            }
            let when = job.startIn.map { "\(job.when) (\($0))" } ?? job.when
            return [job.stage, job.name, when, job.allowFailure ? "yes" : "no", needs]
        }
        var widths = headers.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        var out = ""
        if let name = plan.name { out += "Pipeline: \(name)\n" }
        out += line(headers) + "\n"
        for row in rows { out += line(row) + "\n" }
        out += "\(plan.jobs.count) job\(plan.jobs.count == 1 ? "" : "s") in \(plan.stages.count) stage\(plan.stages.count == 1 ? "" : "s"): \(plan.stages.joined(separator: ", "))\n"
        return out
    }
}
