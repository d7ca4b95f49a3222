import Testing

extension CoordinatorTests {
    /// Retries from the API and from the `retry:` keyword: a new job (a new id) for a new attempt,
    /// the old one kept as retried.
    @Suite struct RetryTests {
        @Test func retryingAFailedJobRunsItAgainAsANewJob() throws {
            let server = try InProcessServer()
            let (project, pipeline) = try server.project("retry", files: [".gitlab-ci.yml": "test:\n  script: [make test]\n"])
            let runner = try ProtocolRunner(server: server)
            let first = try runner.nextJob()
            try runner.run(first, trace: "make: *** [test] Error 1\n", success: false, exitCode: 2)
            #expect(try server.api.pipelineStatus(project, pipeline) == "failed")
            #expect(try server.api.job(project, pipeline, named: "test")["failure_reason"].string == "script_failure")

            let retried = try server.api.post("/projects/\(project)/jobs/\(first.id)/retry")
            let newID = try retried.int("id")
            #expect(newID != first.id)
            #expect(retried["status"].string == "pending")
            #expect(try server.api.pipelineStatus(project, pipeline) != "failed")

            let second = try runner.nextJob()
            #expect(second.id == newID)
            #expect(second.jobInfo.name == "test")
            try runner.run(second, trace: "all tests passed\n")
            #expect(try server.api.pipelineStatus(project, pipeline) == "success")
            let attempts = try server.api.jobs(project, pipeline, includeRetried: true)
            #expect(attempts.map { $0["status"].string } == ["failed", "success"])
            #expect(attempts.map { $0["retried"].value as? Bool } == [true, false])
            #expect(try server.api.trace(project, job: first.id) == "make: *** [test] Error 1\n")
            #expect(try server.api.trace(project, job: newID) == "all tests passed\n")
        }

        @Test func onlyTheLatestAttemptCanBeRetried() throws {
            let server = try InProcessServer()
            let (project, _) = try server.project("stale", files: [".gitlab-ci.yml": "test:\n  script: [make test]\n"])
            let runner = try ProtocolRunner(server: server)
            let first = try runner.nextJob()
            try runner.run(first, trace: "failed\n", success: false)
            try server.api.post("/projects/\(project)/jobs/\(first.id)/retry")
            let again = try server.api.response("POST", "/projects/\(project)/jobs/\(first.id)/retry")
            #expect(again.status == 403)
            #expect(again.text.contains("Job is not retryable"), "\(again.text)")
        }

        @Test func retryKeywordRunsAFailedAttemptAgain() throws {
            let server = try InProcessServer()
            let yaml = "flaky:\n  retry:\n    max: 1\n    when: script_failure\n  script: [./flaky.sh]\n"
            let (project, pipeline) = try server.project("flaky", files: [".gitlab-ci.yml": yaml])
            let runner = try ProtocolRunner(server: server)
            let first = try runner.nextJob()
            try runner.run(first, trace: "flaked\n", success: false)
            #expect(try server.api.pipelineStatus(project, pipeline) != "failed")
            let second = try runner.nextJob()
            #expect(second.id != first.id)
            #expect(second.jobInfo.name == "flaky")
            try runner.run(second, trace: "ok\n")
            #expect(try server.api.pipelineStatus(project, pipeline) == "success")
            let attempts = try server.api.jobs(project, pipeline, includeRetried: true)
            #expect(try attempts.map { try $0.int("id") } == [first.id, second.id])
            #expect(attempts.map { $0["retried"].value as? Bool } == [true, false])
        }

        @Test func retryKeywordLeavesOtherFailuresAlone() throws {
            let server = try InProcessServer()
            let yaml = "deploy:\n  retry:\n    max: 2\n    when: runner_system_failure\n  script: [./deploy.sh]\n"
            let (project, pipeline) = try server.project("strict", files: [".gitlab-ci.yml": yaml])
            let runner = try ProtocolRunner(server: server)
            let job = try runner.nextJob()
            try runner.run(job, trace: "denied\n", success: false)
            #expect(try server.api.pipelineStatus(project, pipeline) == "failed")
            #expect(try server.api.jobs(project, pipeline, includeRetried: true).count == 1)
        }
    }
}
