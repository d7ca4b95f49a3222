import Testing
import GantryEngine

/// `allow_failure: true` and `allow_failure: exit_codes:`.
struct AllowFailureTests {
    @Test func allowedFailureLetsThePipelinePassWithWarnings() {
        var run = Driver([
            job("lint", stage: 0, allowFailure: true),
            job("test", stage: 0),
            job("report", stage: 1, when: "on_failure"),
            job("deploy", stage: 1),
        ], outcomes: ["lint": [.fail()]])
        run.run()
        #expect(run.status("lint") == .failed)
        #expect(run.state.allowedFailure(of: "lint"))
        #expect(!run.state.allowedFailure(of: "test"))
        // An allowed failure counts as success: on_failure jobs do not run, on_success ones do.
        #expect(run.ran == ["lint", "test", "deploy"])
        #expect(run.skipped == ["report"])
        #expect(run.state.pipelineStatus == .success)
        #expect(run.state.hasWarnings)
    }

    @Test func allowedExitCodeIsAnAllowedFailure() {
        var run = Driver([
            job("flaky", exitCodes: [137, 255]),
            job("deploy", stage: 1),
        ], outcomes: ["flaky": [.fail(exit: 137)]])
        run.run()
        #expect(run.status("flaky") == .failed)
        #expect(run.state.allowedFailure(of: "flaky"))
        #expect(run.status("deploy") == .success)
        #expect(run.state.pipelineStatus == .success)
        #expect(run.state.hasWarnings)
    }

    @Test func otherExitCodesStillFail() {
        var run = Driver([
            job("flaky", exitCodes: [137]),
            job("deploy", stage: 1),
        ], outcomes: ["flaky": [.fail(exit: 1)]])
        run.run()
        #expect(!run.state.allowedFailure(of: "flaky"))
        #expect(run.status("deploy") == .skipped)
        #expect(run.state.pipelineStatus == .failed)
        #expect(!run.state.hasWarnings)
    }

    @Test func failureWithoutExitCodeIsNotAllowedByExitCodes() {
        var run = Driver([job("flaky", exitCodes: [137]), job("next", stage: 1)],
                         outcomes: ["flaky": [.fail(exit: nil, reason: .runnerSystemFailure)]])
        run.run()
        #expect(run.state.pipelineStatus == .failed)
        #expect(run.state.failureReason(of: "flaky") == .runnerSystemFailure)
    }

    @Test func missingReasonIsAScriptFailureWithAnExitCode() {
        var state = PipelineState(jobs: [job("a"), job("b")])
        _ = state.advance(now: 0)
        state.started("a")
        state.started("b")
        state.finished("a", success: false, exitCode: 3, reason: nil)
        state.finished("b", success: false, exitCode: nil, reason: nil)
        #expect(state.failureReason(of: "a") == .scriptFailure)
        #expect(state.failureReason(of: "b") == .unknownFailure)
    }
}
