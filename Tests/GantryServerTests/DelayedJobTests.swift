import GantryTestSupport
import Testing

extension CoordinatorTests {
    /// `when: delayed` jobs wait, scheduled, until the watchdog's tick finds them due.
    @Suite struct DelayedJobTests {
        @Test func aDelayedJobIsQueuedOnceDue() throws {
            let server = try InProcessServer()
            let yaml = "later:\n  when: delayed\n  start_in: 1 second\n  script: [./later.sh]\n"
            let (project, pipeline) = try server.project("later", files: [".gitlab-ci.yml": yaml])
            // Scheduled first (not asserted: on a busy machine the second may be over by the time
            // the test looks); only the watchdog's tick queues it.
            let due = try Waiting.until(30) { try server.api.job(project, pipeline, named: "later")["status"].string == "pending" }
            #expect(due, "the delayed job was not queued")
            let runner = try ProtocolRunner(server: server)
            let job = try runner.nextJob()
            #expect(job.jobInfo.name == "later")
            try runner.run(job, trace: "later\n")
            #expect(try server.api.pipelineStatus(project, pipeline) == "success")
        }
    }
}
