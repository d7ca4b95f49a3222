import Testing
import GantryEngine

/// `when: manual` (blocking or not) and `when: delayed`.
struct ManualAndDelayedTests {
    @Test func optionalManualJobDoesNotBlock() {
        var run = Driver([
            job("build", stage: 0),
            job("review", stage: 1, when: "manual", allowFailure: true),
            job("deploy", stage: 2),
        ])
        run.run()
        #expect(run.actions.contains(.waitManual("review")))
        #expect(run.status("review") == .manual)
        #expect(run.ran == ["build", "deploy"])
        #expect(run.state.pipelineStatus == .success)
        #expect(run.state.isComplete)
    }

    @Test func blockingManualJobHoldsLaterStages() throws {
        var run = Driver([
            job("build", stage: 0),
            job("approve", stage: 1, when: "manual", allowFailure: false),
            job("side", stage: 1),
            job("deploy", stage: 2),
        ])
        run.run()
        #expect(run.ran == ["build", "side"])
        #expect(run.status("approve") == .manual)
        #expect(run.status("deploy") == .created)
        #expect(run.state.pipelineStatus == .manual)
        #expect(run.state.isComplete)

        try run.state.play("approve")
        #expect(run.state.status(of: "approve") == .pending)
        #expect(!run.state.isComplete)
        run.run()
        #expect(run.ran == ["build", "side", "approve", "deploy"])
        #expect(run.state.pipelineStatus == .success)
    }

    @Test func playedManualJobsResultCounts() throws {
        var run = Driver([
            job("approve", stage: 0, when: "manual", allowFailure: false),
            job("deploy", stage: 1),
        ], outcomes: ["approve": [.fail()]])
        run.run()
        try run.state.play("approve")
        run.run()
        #expect(run.status("approve") == .failed)
        #expect(run.status("deploy") == .skipped)
        #expect(run.state.pipelineStatus == .failed)
    }

    @Test func playedOptionalManualJobThatFailsIsAWarning() throws {
        var run = Driver([job("try", when: "manual", allowFailure: true), job("next", stage: 1)],
                         outcomes: ["try": [.fail()]], play: ["try"])
        run.run()
        // It does not hold the next stage: `next` starts while `try` waits to be played.
        #expect(run.ran == ["next", "try"])
        #expect(run.state.allowedFailure(of: "try"))
        #expect(run.state.pipelineStatus == .success)
        #expect(run.state.hasWarnings)
    }

    @Test func manualJobAfterAFailureIsSkippedAndCannotBePlayed() {
        var run = Driver([job("test"), job("deploy", stage: 1, when: "manual", allowFailure: true)],
                         outcomes: ["test": [.fail()]])
        run.run()
        #expect(run.status("deploy") == .skipped)
        #expect(throws: EngineError.notPlayable("deploy", .skipped)) { try run.state.play("deploy") }
        #expect(throws: EngineError.unknownJob("nope")) { try run.state.play("nope") }
        #expect(throws: EngineError.notPlayable("test", .failed)) { try run.state.play("test") }
    }

    @Test func manualJobPlayedBeforeItIsReachedStartsWithoutWaiting() throws {
        var state = PipelineState(jobs: [job("build"), job("deploy", stage: 1, when: "manual", allowFailure: true)])
        try state.play("deploy")
        let r1 = state.advance(now: 0)
        #expect(r1 == [.start("build")])
        state.started("build")
        state.finished("build", success: true, exitCode: 0, reason: nil)
        let r2 = state.advance(now: 0)
        #expect(r2 == [.start("deploy")])
    }

    @Test func onlyManualOrDelayedJobsCanBePlayed() {
        var state = PipelineState(jobs: [job("build"), job("test", stage: 1)])
        #expect(throws: EngineError.notPlayable("test", .created)) { try state.play("test") }
    }

    @Test func pipelineOfOnlyAnUnplayedOptionalManualJobIsSkipped() {
        var run = Driver([job("deploy", when: "manual", allowFailure: true)])
        run.run()
        #expect(run.state.pipelineStatus == .skipped)
    }

    @Test func delayedJobStartsWhenItsTimeComes() {
        var state = PipelineState(jobs: [job("build"), job("rollout", stage: 1, when: "delayed", startIn: 1800)])
        let r3 = state.advance(now: 100)
        #expect(r3 == [.start("build")])
        state.started("build")
        state.finished("build", success: true, exitCode: 0, reason: nil)
        // Ready at 200: due at 200 + 1800.
        let r4 = state.advance(now: 200)
        #expect(r4 == [.schedule("rollout", at: 2000)])
        #expect(state.status(of: "rollout") == .scheduled)
        #expect(state.pipelineStatus == .scheduled)
        #expect(state.nextScheduledTime == 2000)
        #expect(state.scheduledTime(of: "rollout") == 2000)
        #expect(!state.isComplete)
        let r5 = state.advance(now: 1999)
        #expect(r5 == [])
        let r6 = state.advance(now: 2000)
        #expect(r6 == [.start("rollout")])
        #expect(state.nextScheduledTime == nil)
        state.started("rollout")
        state.finished("rollout", success: true, exitCode: 0, reason: nil)
        _ = state.advance(now: 2100)
        #expect(state.pipelineStatus == .success)
    }

    @Test func delayedJobHoldsLaterStagesUntilItRuns() {
        var run = Driver([job("wait", when: "delayed", startIn: 60), job("after", stage: 1)])
        run.step()
        #expect(run.status("after") == .created)
        run.run()
        #expect(run.now == 60)
        #expect(run.ran == ["wait", "after"])
    }

    @Test func delayedJobCanBePlayedEarly() throws {
        var state = PipelineState(jobs: [job("rollout", when: "delayed", startIn: 600)])
        let r7 = state.advance(now: 0)
        #expect(r7 == [.schedule("rollout", at: 600)])
        try state.play("rollout")
        let r8 = state.advance(now: 1)
        #expect(r8 == [.start("rollout")])
        let r9 = state.advance(now: 700)
        #expect(r9 == [])
    }

    @Test func delayedJobAfterAFailureIsSkipped() {
        var run = Driver([job("test"), job("rollout", stage: 1, when: "delayed", startIn: 60)],
                         outcomes: ["test": [.fail()]])
        run.run()
        #expect(run.status("rollout") == .skipped)
    }

    @Test func playingAManualJobProcessesSkippedLaterJobsAgain() throws {
        // `notify` is skipped at first (nothing has failed); playing `approve` processes it again.
        var run = Driver([
            job("approve", stage: 0, when: "manual", allowFailure: true),
            job("notify", stage: 1, when: "on_failure"),
        ], outcomes: ["approve": [.fail()]])
        run.run()
        #expect(run.status("notify") == .skipped)
        try run.state.play("approve")
        run.run()
        // The manual job allows failure, so notify stays skipped, and is not announced twice.
        #expect(run.status("notify") == .skipped)
        #expect(run.skipped == ["notify"])
        #expect(run.state.pipelineStatus == .success)
    }

    @Test func blockedPipelineIsNotCompleteWhileADelayedJobWaits() {
        var run = Driver([
            job("approve", when: "manual", allowFailure: false),
            job("rollout", when: "delayed", startIn: 30),
        ])
        run.step()
        #expect(run.state.pipelineStatus == .manual)
        #expect(!run.state.isComplete)
        run.run()
        #expect(run.status("rollout") == .success)
        #expect(run.state.pipelineStatus == .manual)
        #expect(run.state.isComplete)
    }
}
