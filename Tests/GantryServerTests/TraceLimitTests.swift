import Foundation
import GantryHTTP
import Testing

extension CoordinatorTests {
    /// `--max-job-log-size`: a job's log is kept up to the limit, then says it was cut (never a
    /// silent cut); the runner's later patches are taken and dropped, and the job ends as it ran.
    /// A log whose end did not arrive says so too.
    @Suite struct TraceLimitTests {
        /// The final update's `output.bytesize` is more than the server has: a warning ends the log.
        @Test func aLogWithoutItsEndSaysSo() throws {
            let server = try InProcessServer()
            let (project, pipeline) = try server.project("short", files: [".gitlab-ci.yml": "talk:\n  script: [talk]\n"])
            let runner = try ProtocolRunner(server: server)
            let job = try runner.nextJob()
            #expect(try runner.trace(job, "first half\n", at: 0) == 202)
            #expect(try runner.update(job, state: "success", exitCode: 0, logSize: 22) == 200)
            #expect(try server.api.waitForPipeline(project, pipeline, toBe: "success") == "success")
            let trace = try server.api.trace(project, job: job.id)
            #expect(trace.contains("WARNING: the runner wrote 22 bytes of this job's log but the server received 11: the end of the log is missing"),
                    "\(trace)")
        }

        @Test func aLogPastTheLimitEndsWithANoticeAndTheJobGoesOn() throws {
            let server = try InProcessServer(maxJobLogSize: 100)
            let (project, pipeline) = try server.project("chatty", files: [".gitlab-ci.yml": "talk:\n  script: [talk]\n"])
            let runner = try ProtocolRunner(server: server)
            let job = try runner.nextJob()
            #expect(try runner.trace(job, String(repeating: "a", count: 60), at: 0) == 202)
            #expect(try runner.trace(job, String(repeating: "b", count: 60), at: 60) == 202)
            #expect(try runner.trace(job, String(repeating: "c", count: 10), at: 120) == 202)
            #expect(try runner.update(job, state: "success", exitCode: 0, logSize: 130) == 200)

            #expect(try server.api.waitForPipeline(project, pipeline, toBe: "success") == "success")
            let trace = try server.api.trace(project, job: job.id)
            #expect(trace.hasPrefix(String(repeating: "a", count: 60) + String(repeating: "b", count: 40) + "\n"), "\(trace)")
            #expect(trace.contains("Job's log exceeded limit of 100 bytes.\nJob execution will continue but no more output will be collected."),
                    "\(trace)")
            #expect(!trace.contains("cc") && !trace.contains("WARNING"), "\(trace)")
        }

        /// An attacker's `Content-Range` near Int.max is refused (416), not added to, and the
        /// server goes on.
        @Test func aHugeTraceOffsetIsRefused() throws {
            let server = try InProcessServer(maxJobLogSize: 100)
            let (project, pipeline) = try server.project("huge", files: [".gitlab-ci.yml": "talk:\n  script: [talk]\n"])
            let runner = try ProtocolRunner(server: server)
            let job = try runner.nextJob()
            #expect(try runner.trace(job, String(repeating: "a", count: 120), at: 0) == 202)
            let request = HTTPClientRequest(method: "PATCH", url: runner.baseURL + "/jobs/\(job.id)/trace",
                                            headers: [("JOB-TOKEN", job.token), ("Content-Range", "\(Int.max)-\(Int.max)")],
                                            body: .data(Data("xy".utf8)))
            #expect(try runner.http.send(request).status == 416)
            #expect(try runner.update(job, state: "success", exitCode: 0) == 200)
            #expect(try server.api.waitForPipeline(project, pipeline, toBe: "success") == "success")
        }
    }
}
