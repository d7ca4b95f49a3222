import GantryTestSupport
import Testing

extension CoordinatorTests {
    /// The watchdog: a running job whose runner stops answering fails with runner_system_failure
    /// (after the server's heartbeat timeout, 3 s here), and `retry: when: runner_system_failure`
    /// gives it to another runner.
    @Suite struct LostRunnerTests {
        @Test func aSilentRunnersJobFailsWithRunnerSystemFailure() throws {
            let server = try InProcessServer(heartbeatTimeout: 3)
            let (project, pipeline) = try server.project("silent", files: [".gitlab-ci.yml": "build:\n  script: [make]\n"])
            let runner = try ProtocolRunner(server: server)
            let job = try runner.nextJob()
            #expect(try runner.trace(job, "compiling\n", at: 0) == 202)

            #expect(try server.api.waitForPipeline(project, pipeline, toBe: "failed") == "failed")
            let failed = try server.api.job(project, pipeline, named: "build")
            #expect(failed["failure_reason"].string == "runner_system_failure")
            let trace = try server.api.trace(project, job: job.id)
            #expect(trace.hasPrefix("compiling\n"))
            #expect(trace.contains("ERROR: Job failed (system failure): the runner stopped answering for 3s"), "\(trace)")
            // A runner that comes back late is turned away.
            #expect(try runner.update(job, state: "success", exitCode: 0) == 403)
            #expect(try server.api.pipelineStatus(project, pipeline) == "failed")
        }

        @Test func aLostJobIsRetriedOnAnotherRunner() throws {
            let server = try InProcessServer(heartbeatTimeout: 3)
            let yaml = "slow:\n  retry:\n    max: 1\n    when: runner_system_failure\n  script: [make slow]\n"
            let (project, pipeline) = try server.project("lost", files: [".gitlab-ci.yml": yaml])
            let lost = try ProtocolRunner(server: server, description: "lost")
            let first = try lost.nextJob()

            // The watchdog fails the first attempt and queues a second.
            try Waiting.until(30) {
                try server.api.jobs(project, pipeline, includeRetried: true).count == 2
            }
            let other = try ProtocolRunner(server: server, description: "other")
            let second = try other.nextJob()
            #expect(second.id != first.id)
            try other.run(second, trace: "done\n")
            #expect(try server.api.pipelineStatus(project, pipeline) == "success")
            let attempts = try server.api.jobs(project, pipeline, includeRetried: true)
            #expect(attempts.map { $0["failure_reason"].string } == ["runner_system_failure", nil])
            #expect(attempts.map { $0["runner"]["id"].value as? Int } == [lost.id, other.id])
            #expect(attempts.map { $0["retried"].value as? Bool } == [true, false])
        }
    }
}
