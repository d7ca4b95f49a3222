import Testing
import GantryEngine

/// Jobs without `needs` follow stage order and their `when`.
struct StageOrderTests {
    let pipeline = [
        job("build", stage: 0),
        job("unit", stage: 1), job("lint", stage: 1),
        job("deploy", stage: 2),
    ]

    @Test func laterStagesWaitForEarlierOnes() {
        var state = PipelineState(jobs: pipeline)
        #expect(state.pipelineStatus == .created)
        let r1 = state.advance(now: 0)
        #expect(r1 == [.start("build")])
        #expect(state.pipelineStatus == .pending)
        #expect(state.status(of: "unit") == .created)

        state.started("build")
        #expect(state.pipelineStatus == .running)
        let r2 = state.advance(now: 0)
        #expect(r2 == [])
        state.finished("build", success: true, exitCode: 0, reason: nil)
        let r3 = state.advance(now: 0)
        #expect(r3 == [.start("unit"), .start("lint")])
        state.started("unit")
        state.started("lint")
        state.finished("unit", success: true, exitCode: 0, reason: nil)
        // deploy waits for every job of the stages before it.
        let r4 = state.advance(now: 0)
        #expect(r4 == [])
        #expect(state.status(of: "deploy") == .created)
        state.finished("lint", success: true, exitCode: 0, reason: nil)
        let r5 = state.advance(now: 0)
        #expect(r5 == [.start("deploy")])
        state.started("deploy")
        #expect(!state.isComplete)
        state.finished("deploy", success: true, exitCode: 0, reason: nil)
        let r6 = state.advance(now: 0)
        #expect(r6 == [])
        #expect(state.pipelineStatus == .success)
        #expect(state.isComplete)
        #expect(!state.hasWarnings)
    }

    @Test func eachChangeIsReturnedOnce() {
        var state = PipelineState(jobs: pipeline)
        let r7 = state.advance(now: 0)
        #expect(r7 == [.start("build")])
        let r8 = state.advance(now: 0)
        #expect(r8 == [])
        let r9 = state.advance(now: 5)
        #expect(r9 == [])
        #expect(state.status(of: "build") == .pending)
    }

    @Test func failureSkipsLaterJobsAndFailsThePipeline() {
        var run = Driver([
            job("build", stage: 0),
            job("test", stage: 1),
            job("cleanup", stage: 2, when: "always"),
            job("report", stage: 2, when: "on_failure"),
            job("deploy", stage: 3),
        ], outcomes: ["build": [.fail(exit: 2)]])
        run.run()
        #expect(run.ran == ["build", "cleanup", "report"])
        #expect(run.skipped == ["test", "deploy"])
        #expect(run.status("build") == .failed)
        #expect(run.status("test") == .skipped)
        #expect(run.status("deploy") == .skipped)
        #expect(run.state.failureReason(of: "build") == .scriptFailure)
        #expect(run.state.exitCode(of: "build") == 2)
        #expect(run.state.pipelineStatus == .failed)
        #expect(run.state.isComplete)
    }

    @Test func pipelineIsRunningWhileAnythingRunsEvenAfterAFailure() {
        var state = PipelineState(jobs: [job("a"), job("b")])
        _ = state.advance(now: 0)
        state.started("a")
        state.started("b")
        state.finished("a", success: false, exitCode: 1, reason: .scriptFailure)
        _ = state.advance(now: 0)
        #expect(state.pipelineStatus == .running)
        #expect(!state.isComplete)
        state.finished("b", success: true, exitCode: 0, reason: nil)
        _ = state.advance(now: 0)
        #expect(state.pipelineStatus == .failed)
    }

    @Test func onFailureJobsAreSkippedWhenNothingFailed() {
        var run = Driver([job("test"), job("notify", stage: 1, when: "on_failure"), job("done", stage: 2)])
        run.run()
        #expect(run.ran == ["test", "done"])
        #expect(run.skipped == ["notify"])
        #expect(run.state.pipelineStatus == .success)
    }

    @Test func alwaysJobsRunAfterSuccessToo() {
        var run = Driver([job("test"), job("cleanup", stage: 1, when: "always")])
        run.run()
        #expect(run.ran == ["test", "cleanup"])
        #expect(run.state.pipelineStatus == .success)
    }

    @Test func skippedStagesCountAsSuccess() {
        // Nothing failed, so the on_failure job is skipped; the job after it still runs.
        var run = Driver([job("notify", stage: 0, when: "on_failure"), job("test", stage: 1)])
        run.run()
        #expect(run.skipped == ["notify"])
        #expect(run.ran == ["test"])
        #expect(run.state.pipelineStatus == .success)
    }

    @Test func allSkippedPipelineIsSkipped() {
        var run = Driver([job("notify", when: "on_failure"), job("alert", stage: 1, when: "on_failure")])
        run.run()
        #expect(run.ran.isEmpty)
        #expect(run.state.pipelineStatus == .skipped)
        #expect(run.state.isComplete)
    }

    @Test func stagesWithoutJobsAreStepped() {
        // Stage indices 1 and 2 hold no job.
        var run = Driver([job("a", stage: 0), job("b", stage: 3)])
        let r10 = run.step()
        #expect(r10 == [.start("a")])
        let r11 = run.step()
        #expect(r11 == [.start("b")])
    }

    @Test func stageStatusIsTheCompositeOfItsJobs() {
        var run = Driver([job("a", stage: 0), job("b", stage: 0, allowFailure: true), job("c", stage: 1)],
                         outcomes: ["b": [.fail()]])
        #expect(run.state.status(ofStage: 0) == .created)
        run.run()
        #expect(run.state.status(ofStage: 0) == .success)
        #expect(run.state.status(ofStage: 1) == .success)
        #expect(run.state.status(ofStage: 7) == nil)
    }
}
