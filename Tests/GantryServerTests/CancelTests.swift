import Testing

extension CoordinatorTests {
    /// Canceling a pipeline: its jobs stop where they are, and their runner is told.
    @Suite struct CancelTests {
        @Test func cancelingStopsTheRunningAndTheWaitingJobs() throws {
            let server = try InProcessServer()
            let yaml = "stages: [build, test]\nbuild:\n  stage: build\n  script: [make]\ntest:\n  stage: test\n  script: [make test]\n"
            let (project, pipeline) = try server.project("cancel", files: [".gitlab-ci.yml": yaml])
            let runner = try ProtocolRunner(server: server)
            let build = try runner.nextJob()
            #expect(build.jobInfo.name == "build")
            #expect(try runner.trace(build, "compiling\n", at: 0) == 202)
            #expect(try server.api.pipelineStatus(project, pipeline) == "running")

            let canceled = try server.api.post("/projects/\(project)/pipelines/\(pipeline)/cancel")
            #expect(canceled["status"].string == "canceled")
            let jobs = try server.api.jobs(project, pipeline)
            #expect(jobs.map { $0["name"].string } == ["build", "test"])
            #expect(jobs.map { $0["status"].string } == ["canceled", "canceled"])
            // The runner learns it at its next call: the job is no longer running.
            #expect(try runner.trace(build, "linking\n", at: 10) == 403)
            #expect(try runner.update(build, state: "success", exitCode: 0) == 403)
            #expect(try server.api.pipelineStatus(project, pipeline) == "canceled")
            #expect(try server.api.trace(project, job: build.id) == "compiling\n")
        }

        @Test func aCanceledJobCanBeRetried() throws {
            let server = try InProcessServer()
            let (project, pipeline) = try server.project("again", files: [".gitlab-ci.yml": "build:\n  script: [make]\n"])
            let runner = try ProtocolRunner(server: server)
            let build = try runner.nextJob()
            try server.api.post("/projects/\(project)/jobs/\(build.id)/cancel")
            #expect(try server.api.pipelineStatus(project, pipeline) == "canceled")
            let retried = try server.api.post("/projects/\(project)/jobs/\(build.id)/retry")
            let again = try runner.nextJob()
            #expect(try again.id == retried.int("id"))
            try runner.run(again, trace: "built\n")
            #expect(try server.api.pipelineStatus(project, pipeline) == "success")
        }
    }
}
