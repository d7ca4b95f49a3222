import Testing
import GantryEngine
import GantryPipeline

/// `retry:` as GitLab's auto-retry applies it.
struct RetryTests {
    @Test func retriesUpToMaxThenFails() {
        var run = Driver([job("flaky", retry: RetryPolicy(max: 2)), job("next", stage: 1)],
                         outcomes: ["flaky": [.fail(), .fail(), .fail()]])
        run.run()
        #expect(run.ran == ["flaky", "flaky", "flaky"])
        #expect(run.state.attempts(of: "flaky") == 3)
        #expect(run.status("flaky") == .failed)
        #expect(run.status("next") == .skipped)
        #expect(run.state.pipelineStatus == .failed)
    }

    @Test func retriedJobGoesBackToPendingAndCanSucceed() {
        var state = PipelineState(jobs: [job("flaky", retry: RetryPolicy(max: 1)), job("next", stage: 1)])
        let r1 = state.advance(now: 0)
        #expect(r1 == [.start("flaky")])
        state.started("flaky")
        let r2 = state.finished("flaky", success: false, exitCode: 1, reason: .scriptFailure)
        #expect(r2)
        #expect(state.status(of: "flaky") == .pending)
        #expect(state.pipelineStatus != .failed)
        // Later stages did not see the failed attempt.
        let r3 = state.advance(now: 0)
        #expect(r3 == [.start("flaky")])
        #expect(state.status(of: "next") == .created)
        state.started("flaky")
        let r4 = state.finished("flaky", success: true, exitCode: 0, reason: nil)
        #expect(!r4)
        let r5 = state.advance(now: 0)
        #expect(r5 == [.start("next")])
        #expect(state.attempts(of: "flaky") == 2)
    }

    @Test func retryWhenLimitsTheReasons() {
        let policy = RetryPolicy(max: 2, when: ["runner_system_failure", "stuck_or_timeout_failure"])
        var run = Driver([job("a", retry: policy), job("b", retry: policy)],
                         outcomes: ["a": [.fail(exit: 1, reason: .scriptFailure)],
                                    "b": [.fail(exit: nil, reason: .runnerSystemFailure)]])
        run.run()
        #expect(run.state.attempts(of: "a") == 1)
        #expect(run.status("a") == .failed)
        #expect(run.state.attempts(of: "b") == 2)
        #expect(run.status("b") == .success)
    }

    @Test func retryExitCodes() throws {
        let retry = try #require(policy("{max: 2, exit_codes: [137, 255]}"))
        #expect(retry.shouldRetry(attempt: 1, reason: .scriptFailure, exitCode: 137))
        #expect(retry.shouldRetry(attempt: 2, reason: .scriptFailure, exitCode: 255))
        #expect(!retry.shouldRetry(attempt: 3, reason: .scriptFailure, exitCode: 137))
        // With exit_codes and no `when`, other failures are not retried.
        #expect(!retry.shouldRetry(attempt: 1, reason: .scriptFailure, exitCode: 1))
        #expect(!retry.shouldRetry(attempt: 1, reason: .runnerSystemFailure, exitCode: nil))
    }

    @Test func retryWhenOrExitCodeEitherMatches() throws {
        // GitLab docs: retried "if the exit code is 137 or if it had a runner system failure".
        let retry = try #require(policy("{max: 2, when: runner_system_failure, exit_codes: 137}"))
        #expect(retry.shouldRetry(attempt: 1, reason: .scriptFailure, exitCode: 137))
        #expect(retry.shouldRetry(attempt: 1, reason: .runnerSystemFailure, exitCode: nil))
        #expect(!retry.shouldRetry(attempt: 1, reason: .scriptFailure, exitCode: 1))
    }

    @Test func someReasonsAreNeverRetried() {
        let policy = RetryPolicy(max: 2)
        #expect(!policy.shouldRetry(attempt: 1, reason: .noMatchingRunner, exitCode: nil))
        #expect(!policy.shouldRetry(attempt: 1, reason: .missingDependencyFailure, exitCode: nil))
        #expect(policy.shouldRetry(attempt: 1, reason: .apiFailure, exitCode: nil))
    }

    @Test func schedulerFailuresAreRetriedTwiceByDefault() {
        #expect(RetryPolicy.none.shouldRetry(attempt: 2, reason: .schedulerFailure, exitCode: nil))
        #expect(!RetryPolicy.none.shouldRetry(attempt: 3, reason: .schedulerFailure, exitCode: nil))
        #expect(!RetryPolicy.none.shouldRetry(attempt: 1, reason: .scriptFailure, exitCode: 1))
    }

    @Test func deprecatedReasonsCoverTheirNewerNames() {
        let policy = RetryPolicy(max: 1, when: ["stuck_or_timeout_failure"])
        #expect(policy.shouldRetry(attempt: 1, reason: .noUpdatesRunning, exitCode: nil))
        #expect(!policy.shouldRetry(attempt: 1, reason: .serverTimeoutRunning, exitCode: nil))
    }

    @Test func parsesRetryNodes() {
        #expect(RetryConfig(node: nil) == .none)
        #expect(policy("0") == RetryPolicy.none)
        #expect(policy("2") == RetryPolicy(max: 2))
        #expect(policy("{max: 1, when: script_failure}")
                == RetryPolicy(max: 1, when: ["script_failure"]))
        #expect(policy("{max: 2, when: [api_failure, always]}")
                == RetryPolicy(max: 2, when: ["api_failure", "always"]))
        #expect(policy("{max: 2, exit_codes: 137}") == RetryPolicy(max: 2, when: [], exitCodes: [137]))
        #expect(policy("{when: always}")?.config.max == 0)
    }

    @Test func retryingAFinishedJobRunsItAndTheJobsSkippedAfterIt() throws {
        var run = Driver([job("test"), job("deploy", stage: 1), job("notify", stage: 2, when: "on_failure")],
                         outcomes: ["test": [.fail()]])
        run.run()
        #expect(run.state.pipelineStatus == .failed)
        #expect(run.status("deploy") == .skipped)
        try run.state.retry("test")
        #expect(run.status("test") == .pending)
        #expect(run.status("deploy") == .created)
        run.run()
        #expect(run.ran == ["test", "notify", "test", "deploy"])
        // Only skipped jobs are processed again: notify keeps the result of its run.
        #expect(run.status("notify") == .success)
        #expect(run.status("deploy") == .success)
        #expect(run.state.pipelineStatus == .success)
        #expect(run.state.attempts(of: "test") == 2)
        #expect(throws: EngineError.notRetryable("deploy", .created)) {
            var fresh = PipelineState(jobs: [job("deploy")])
            try fresh.retry("deploy")
        }
    }

    /// The policy of a job whose `retry:` is this YAML, read from a planned pipeline.
    private func policy(_ text: String) -> RetryPolicy? {
        guard let plan = plan("job: {script: [x], retry: \(text)}\n"), let job = plan.jobs.first else { return nil }
        return RetryPolicy(job.instance.job.retry)
    }
}
