import Foundation
import GantryTestSupport
import Testing

/// How many jobs `gantry run` runs at once, what it says about it, and the per-section times of
/// each job in the summary.
@Suite(.serialized) struct RunConcurrencyTests {
    func summary(_ dir: URL, _ args: [String]) throws -> (GantryProcess.Result, [[String: Any]]) {
        let file = dir.appendingPathComponent(".gantry-summary.json")
        let r = try GantryProcess.run(["run", "--executor", "shell", "--json-summary", file.path] + args, in: dir)
        let data = try #require(FileManager.default.contents(atPath: file.path), "no summary; stderr: \(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (r, json["jobs"] as? [[String: Any]] ?? [])
    }

    /// Four jobs at `--concurrency 2`: each waits (up to a minute) until it sees a second one
    /// running beside it, and records how many it saw; so two run together and never three.
    @Test func jobsRunSideBySideUpToTheConcurrency() throws {
        let board = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-board-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: board, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: board) }
        let script = """
            touch \(board.path)/running-$CI_JOB_ID
            for i in $(seq 600); do [ $(ls \(board.path) | grep -c running-) -ge 2 ] && break; sleep 0.1; done
            ls \(board.path) | grep -c running- > \(board.path)/seen-$CI_JOB_ID
            sleep 0.2
            rm \(board.path)/running-$CI_JOB_ID
            """
        let job = "  script:\n" + script.split(separator: "\n").map { "    - '\($0.replacingOccurrences(of: "'", with: "''"))'" }.joined(separator: "\n")
        let dir = try ServerProcess.repository(files: [".gitlab-ci.yml": (1...4).map { "j\($0):\n\(job)\n" }.joined()])
        let (r, jobs) = try summary(dir, ["--concurrency", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("4 jobs, up to 2 at once"), "\(r.stdout)")
        #expect(jobs.allSatisfy { $0["status"] as? String == "success" })
        let seen = try FileManager.default.contentsOfDirectory(atPath: board.path).filter { $0.hasPrefix("seen-") }.map {
            try String(contentsOf: board.appendingPathComponent($0), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(seen.count == 4)
        #expect(seen.contains("2"), "two jobs ran together: \(seen)")
        #expect(seen.allSatisfy { $0 == "1" || $0 == "2" }, "never more than two: \(seen)")
    }

    @Test func theDefaultFollowsTheMachineAndTheHeaderSaysIt() throws {
        let dir = try ServerProcess.repository(files: [".gitlab-ci.yml": "one: {script: [echo one]}\n"])
        let (r, _) = try summary(dir, [])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("1 job, up to \(ProcessInfo.processInfo.activeProcessorCount * 2) at once"), "\(r.stdout)")
        let bad = try GantryProcess.run(["run", "--concurrency", "0"], in: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--concurrency takes a positive number"))
    }

    /// The summary breaks each job's time down by the sections of its log, and says when it ran where.
    @Test func theSummaryTimesEachSection() throws {
        let dir = try ServerProcess.repository(files: [".gitlab-ci.yml": """
            build:
              script: [mkdir -p out .cache, echo built > out/result.txt, echo cached > .cache/c.txt]
              cache: {key: k, paths: [.cache/]}
              artifacts: {paths: [out/]}
            """])
        let (r, jobs) = try summary(dir, [])
        #expect(r.status == 0, "\(r.stderr)")
        let sections = try #require(jobs.first?["sections"] as? [String: Double], "\(jobs)")
        for name in ["prepare_executor", "get_sources", "restore_cache", "step_script", "archive_cache", "upload_artifacts_on_success"] {
            #expect((sections[name] ?? -1) >= 0, "\(name) in \(sections)")
        }
        // And when the job held which slot, counted from the pipeline's start.
        let job = try #require(jobs.first)
        let started = try #require(job["started"] as? Double), finished = try #require(job["finished"] as? Double)
        #expect(started >= 0 && started <= finished, "\(job)")
        #expect(job["slot"] as? Int == 0)
    }
}
