import Testing

extension CoordinatorTests {
    /// A restart (a new server on the same data) replays every unfinished pipeline: nothing a user
    /// saw is lost, pending jobs are handed out again, attempts already made still count.
    @Suite struct RestartTests {
        @Test func aPipelineWaitingOnAManualJobIsPlayedAfterARestart() throws {
            var server = try InProcessServer()
            let (project, pipeline) = try server.project("app", files: [".gitlab-ci.yml": CoordinatorTests.ManualJobTests.yaml])
            var runner = try ProtocolRunner(server: server)
            let build = try runner.nextJob()
            try runner.run(build, trace: "built at abc123\n")
            #expect(try server.api.pipelineStatus(project, pipeline) == "manual")

            server = try server.restarted()
            runner = runner.reaching(server)
            #expect(try server.api.pipelineStatus(project, pipeline) == "manual")
            #expect(try server.api.trace(project, job: build.id) == "built at abc123\n")
            let deploy = try server.api.job(project, pipeline, named: "deploy")
            try server.api.post("/projects/\(project)/jobs/\(deploy.int("id"))/play")
            // The runner's token is stored: it goes on without registering again.
            let job = try runner.nextJob()
            #expect(job.jobInfo.name == "deploy")
            try runner.run(job, trace: "deployed\n")
            #expect(try server.api.pipelineStatus(project, pipeline) == "success")
        }

        @Test func pendingJobsAreHandedOutAfterARestart() throws {
            var server = try InProcessServer()
            let yaml = "unit:\n  script: [make unit]\nlint:\n  script: [make lint]\n"
            let (project, pipeline) = try server.project("queue", files: [".gitlab-ci.yml": yaml])
            var runner = try ProtocolRunner(server: server)
            let first = try runner.nextJob()
            try runner.run(first, trace: "ok\n")

            server = try server.restarted()
            runner = runner.reaching(server)
            let second = try runner.nextJob()
            #expect(Set([first.jobInfo.name, second.jobInfo.name]) == ["unit", "lint"])
            try runner.run(second, trace: "ok\n")
            #expect(try server.api.pipelineStatus(project, pipeline) == "success")
        }

        @Test func attemptsMadeBeforeARestartStillCount() throws {
            var server = try InProcessServer()
            let yaml = "flaky:\n  retry: 1\n  script: [./flaky.sh]\n"
            let (project, pipeline) = try server.project("attempts", files: [".gitlab-ci.yml": yaml])
            var runner = try ProtocolRunner(server: server)
            let first = try runner.nextJob()
            try runner.run(first, trace: "flaked\n", success: false)

            server = try server.restarted()
            runner = runner.reaching(server)
            let second = try runner.nextJob()
            #expect(second.id != first.id)
            #expect(second.jobInfo.name == "flaky")
            try runner.run(second, trace: "flaked again\n", success: false)
            // `retry: 1` allows one more attempt, made before the restart: the pipeline fails.
            #expect(try server.api.pipelineStatus(project, pipeline) == "failed")
            #expect(try server.api.jobs(project, pipeline, includeRetried: true).count == 2)
        }

        @Test func aJobRunningAtTheStopFailsForItsSilentRunner() throws {
            var server = try InProcessServer(heartbeatTimeout: 3)
            let (project, pipeline) = try server.project("long", files: [".gitlab-ci.yml": "long:\n  script: [sleep 600]\n"])
            let runner = try ProtocolRunner(server: server)
            let job = try runner.nextJob()
            #expect(try runner.trace(job, "$ sleep 600\n", at: 0) == 202)

            server = try server.restarted()
            #expect(try server.api.waitForPipeline(project, pipeline, toBe: "failed") == "failed")
            let failed = try server.api.job(project, pipeline, named: "long")
            #expect(failed["failure_reason"].string == "runner_system_failure")
            #expect(try server.api.trace(project, job: job.id).hasPrefix("$ sleep 600\n"))
        }
    }
}
