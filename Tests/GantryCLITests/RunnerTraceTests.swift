import Foundation
import GantryTestSupport
import Testing

/// The runner's trace upload: a job's whole log reaches the server, however fast it was written.
@Suite(.serialized) struct RunnerTraceTests {
    /// A job writes 20 MB at once and ends: the runner sends every byte before the final update,
    /// so the trace read through the API has every line, the job's last line and "Job succeeded"
    /// (the runner once kept only what it had sent 1 MiB per half second while the job ran).
    @Test func largeLogWrittenAtOnceArrivesWhole() throws {
        let server = try ServerProcess(arguments: ["--runner"])
        defer { server.stop() }
        _ = try server.python(#"gl.projects.create({"name": "loud"})"#)
        let yaml = """
            loud:
              script:
                - awk 'BEGIN { for (i = 0; i < 540540; i++) print "0123456789abcdefghijklmnopqrstuvwxyz" }'
                - printf 0123456789abcdefghij; echo END-OF-LOUD-LOG

            """
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": yaml])
        try GantryProcess.git(["push", "-q", server.gitURL("root/loud"), "main"], in: repo)
        let out = try server.python("""
            project = gl.projects.get("root/loud")
            p = wait_for(project, first_pipeline(project).id, statuses=("success", "failed"))
            print("pipeline", p.status, flush=True)
            failed_traces(project, p)
            job = project.jobs.get(p.jobs.list(get_all=True)[0].id)
            trace = job.trace()
            lines = trace.split(b"\\n")
            print("bytes", len(trace))
            # 20,000,000 bytes: 540,540 whole lines of 37 bytes and 20 bytes of the next.
            print("pattern-lines", sum(1 for l in lines if l == b"0123456789abcdefghijklmnopqrstuvwxyz"))
            print("tail-joined", b"0123456789abcdefghijEND-OF-LOUD-LOG" in trace)
            print("succeeded", b"Job succeeded" in trace[-2000:])
            print("warned", b"the end of the log is missing" in trace)
            """)
        #expect(out.contains("pipeline success"), "\(out)\n\(server.log)")
        #expect(out.contains("pattern-lines 540540"), "\(out)")
        #expect(out.contains("tail-joined True"), "\(out)")
        #expect(out.contains("succeeded True") && out.contains("warned False"), "\(out)")
        let bytes = out.split(separator: "\n").first { $0.hasPrefix("bytes ") }.flatMap { Int($0.dropFirst(6)) } ?? 0
        #expect(bytes > 20_000_000, "\(out)")
    }
}
