import Testing
import GantryEngine

/// Canceling one job (GitLab's job cancel): only that job stops; the pipeline goes on as GitLab's
/// processing decides from the statuses, and its own status follows from its jobs.
struct JobCancelTests {
    @Test func aRunningJobIsCanceledAndItsStageMateFinishes() throws {
        var state = PipelineState(jobs: [job("a"), job("b"), job("test", stage: 1), job("cleanup", stage: 1, when: "always")])
        let r1 = state.advance(now: 0)
        #expect(r1 == [.start("a"), .start("b")])
        state.started("a")
        state.started("b")
        let ca = try state.cancel("a")
        #expect(ca)
        #expect(state.status(of: "a") == .canceled)
        #expect(state.status(of: "b") == .running)
        // Nothing moves while the stage still runs.
        let r2 = state.advance(now: 1)
        #expect(r2 == [])
        #expect(state.pipelineStatus == .running)
        // A late report of the canceled job is ignored.
        let r3 = state.finished("a", success: true, exitCode: 0, reason: nil)
        #expect(!r3)
        #expect(state.status(of: "a") == .canceled)
        state.finished("b", success: true, exitCode: 0, reason: nil)
        // A canceled stage: on_success and always jobs are skipped (`Ci::ProcessBuildService`).
        let r4 = state.advance(now: 2)
        #expect(r4 == [.skip("test"), .skip("cleanup")])
        #expect(state.pipelineStatus == .canceled)
        #expect(state.isComplete)
    }

    @Test func aPendingJobIsCanceledAndTheOthersRunOn() throws {
        var state = PipelineState(jobs: [job("a"), job("b"), job("docs", needs: []), job("deploy", stage: 1, needs: ["docs"])])
        let r5 = state.advance(now: 0)
        #expect(r5 == [.start("a"), .start("b"), .start("docs")])
        let cb = try state.cancel("b")
        #expect(cb)
        #expect(state.status(of: "b") == .canceled)
        state.started("a")
        state.started("docs")
        state.finished("docs", success: true, exitCode: 0, reason: nil)
        // The DAG job needs only docs: it starts although its stage's predecessor was canceled.
        let r6 = state.advance(now: 1)
        #expect(r6 == [.start("deploy")])
        state.finished("a", success: false, exitCode: 1, reason: nil)
        state.started("deploy")
        state.finished("deploy", success: true, exitCode: 0, reason: nil)
        let r7 = state.advance(now: 2)
        #expect(r7 == [])
        // A failure outweighs a cancel in the composite status.
        #expect(state.pipelineStatus == .failed)
    }

    @Test func aJobNotReachedYetIsCanceledAndWhatNeedsItIsSkipped() throws {
        var state = PipelineState(jobs: [job("build"), job("test", stage: 1), job("report", stage: 2, needs: ["test"]),
                                         job("lint", stage: 2, needs: [])])
        let r8 = state.advance(now: 0)
        #expect(r8 == [.start("build"), .start("lint")])
        let ctest = try state.cancel("test")
        #expect(!ctest)
        #expect(state.status(of: "test") == .canceled)
        // `needs:` a canceled job: skipped, as a DAG job only goes on after success.
        let r9 = state.advance(now: 1)
        #expect(r9 == [.skip("report")])
        state.started("build")
        state.finished("build", success: true, exitCode: 0, reason: nil)
        state.started("lint")
        state.finished("lint", success: true, exitCode: 0, reason: nil)
        let r10 = state.advance(now: 2)
        #expect(r10 == [])
        #expect(state.status(of: "test") == .canceled)
        #expect(state.pipelineStatus == .canceled)
        #expect(state.isComplete)
    }

    @Test func aCanceledJobThatMayFailLetsThePipelineGoOn() throws {
        var state = PipelineState(jobs: [job("flaky", allowFailure: true), job("test", stage: 1)])
        _ = state.advance(now: 0)
        state.started("flaky")
        try state.cancel("flaky")
        // allow_failure: a canceled job counts as success with warnings.
        let r11 = state.advance(now: 1)
        #expect(r11 == [.start("test")])
        state.started("test")
        state.finished("test", success: true, exitCode: 0, reason: nil)
        _ = state.advance(now: 2)
        #expect(state.pipelineStatus == .success)
    }

    @Test func aDelayedJobIsCanceledBeforeItsTime() throws {
        var state = PipelineState(jobs: [job("later", when: "delayed", startIn: 60), job("now")])
        let r12 = state.advance(now: 0)
        #expect(r12 == [.schedule("later", at: 60), .start("now")])
        let clater = try state.cancel("later")
        #expect(!clater)
        #expect(state.nextScheduledTime == nil)
        let r13 = state.advance(now: 100)
        #expect(r13 == [])
        #expect(state.status(of: "later") == .canceled)
    }

    @Test func finishedManualAndSkippedJobsCannotBeCanceled() throws {
        var state = PipelineState(jobs: [job("a"), job("deploy", stage: 1, when: "manual"), job("never", stage: 1, when: "on_failure")])
        _ = state.advance(now: 0)
        state.started("a")
        state.finished("a", success: true, exitCode: 0, reason: nil)
        _ = state.advance(now: 1)
        #expect(throws: EngineError.notCancelable("a", .success)) { try state.cancel("a") }
        #expect(throws: EngineError.notCancelable("deploy", .manual)) { try state.cancel("deploy") }
        #expect(throws: EngineError.notCancelable("never", .skipped)) { try state.cancel("never") }
        #expect(throws: EngineError.unknownJob("nope")) { try state.cancel("nope") }
        #expect(state.status(of: "a") == .success)
        #expect(state.status(of: "deploy") == .manual)
    }

    @Test func aCanceledJobRetriedRunsAgainAndThePipelineRecovers() throws {
        var state = PipelineState(jobs: [job("a"), job("b", stage: 1)])
        _ = state.advance(now: 0)
        state.started("a")
        try state.cancel("a")
        let r14 = state.advance(now: 1)
        #expect(r14 == [.skip("b")])
        #expect(state.pipelineStatus == .canceled)
        try state.retry("a")
        let r15 = state.advance(now: 2)
        #expect(r15 == [.start("a")])
        state.started("a")
        state.finished("a", success: true, exitCode: 0, reason: nil)
        let r16 = state.advance(now: 3)
        #expect(r16 == [.start("b")])
    }
}
