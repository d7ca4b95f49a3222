import Testing
import GantryEngine

/// Jobs with `needs` ignore stage order and look only at the jobs they need.
struct NeedsTests {
    @Test func emptyNeedsStartsAtOnce() {
        var state = PipelineState(jobs: [job("build", stage: 0), job("lint", stage: 2, needs: [])])
        let r1 = state.advance(now: 0)
        #expect(r1 == [.start("build"), .start("lint")])
    }

    @Test func neededJobAloneDecides() {
        var state = PipelineState(jobs: [
            job("build-a", stage: 0), job("build-b", stage: 0),
            job("test-a", stage: 1, needs: ["build-a"]),
            job("test-b", stage: 1, needs: ["build-b"]),
            job("deploy", stage: 2),
        ])
        let r2 = state.advance(now: 0)
        #expect(r2 == [.start("build-a"), .start("build-b")])
        state.started("build-a")
        state.started("build-b")
        state.finished("build-a", success: true, exitCode: 0, reason: nil)
        // test-a starts while build-b still runs.
        let r3 = state.advance(now: 0)
        #expect(r3 == [.start("test-a")])
        #expect(state.status(of: "test-b") == .created)
        state.finished("build-b", success: true, exitCode: 0, reason: nil)
        let r4 = state.advance(now: 0)
        #expect(r4 == [.start("test-b")])
        // A job without needs still waits for all earlier stages, DAG jobs included.
        state.started("test-a")
        state.finished("test-a", success: true, exitCode: 0, reason: nil)
        let r5 = state.advance(now: 0)
        #expect(r5 == [])
        state.started("test-b")
        state.finished("test-b", success: true, exitCode: 0, reason: nil)
        let r6 = state.advance(now: 0)
        #expect(r6 == [.start("deploy")])
    }

    @Test func failedNeedSkipsOnSuccessAndRunsOnFailure() {
        var run = Driver([
            job("build", stage: 0),
            job("other", stage: 0),
            job("test", stage: 1, needs: ["build"]),
            job("debug", stage: 1, when: "on_failure", needs: ["build"]),
            job("unrelated", stage: 1, needs: ["other"]),
        ], outcomes: ["build": [.fail()]])
        run.run()
        #expect(run.status("test") == .skipped)
        #expect(run.status("debug") == .success)
        #expect(run.status("unrelated") == .success)
        #expect(run.state.pipelineStatus == .failed)
    }

    @Test func allowedFailureOfANeedCountsAsSuccess() {
        var run = Driver([job("lint", allowFailure: true), job("pkg", stage: 1, needs: ["lint"])],
                         outcomes: ["lint": [.fail()]])
        run.run()
        #expect(run.status("pkg") == .success)
        #expect(run.state.pipelineStatus == .success)
        #expect(run.state.hasWarnings)
    }

    @Test func skippedNeedSkipsTheJobEvenWhenStagesWouldNot() {
        // In stage order a skipped job counts as success; a needed job that was skipped skips the job.
        var run = Driver([
            job("notify", stage: 0, when: "on_failure"),
            job("build", stage: 0),
            job("after-stage", stage: 1),
            job("after-need", stage: 1, needs: ["build", "notify"]),
            job("always-need", stage: 1, when: "always", needs: ["notify"]),
        ])
        run.run()
        #expect(run.status("after-stage") == .success)
        #expect(run.status("after-need") == .skipped)
        #expect(run.status("always-need") == .success)
    }

    @Test func needOnAnOptionalManualJobSkipsUntilItIsPlayed() throws {
        var run = Driver([
            job("build", stage: 0),
            job("deploy", stage: 1, when: "manual", allowFailure: true),
            job("smoke", stage: 2, needs: ["deploy"]),
            job("report", stage: 3, needs: ["smoke"]),
        ])
        run.run()
        #expect(run.status("deploy") == .manual)
        #expect(run.status("smoke") == .skipped)
        #expect(run.status("report") == .skipped)
        #expect(run.state.pipelineStatus == .success)

        try run.state.play("deploy")
        // The jobs skipped after it are processed again: they wait for it now.
        #expect(run.status("smoke") == .created)
        #expect(run.status("report") == .created)
        run.run()
        #expect(run.ran == ["build", "deploy", "smoke", "report"])
        #expect(run.state.pipelineStatus == .success)
    }

    @Test func needOnABlockingManualJobWaits() throws {
        var run = Driver([
            job("approve", stage: 0, when: "manual", allowFailure: false),
            job("deploy", stage: 1, needs: ["approve"]),
            job("docs", stage: 1, needs: []),
        ])
        run.run()
        #expect(run.status("deploy") == .created)
        #expect(run.status("docs") == .success)
        #expect(run.state.pipelineStatus == .manual)
        #expect(run.state.isComplete)
        try run.state.play("approve")
        run.run()
        #expect(run.status("deploy") == .success)
        #expect(run.state.pipelineStatus == .success)
    }

    @Test func needsChainAcrossTheSameStage() {
        var state = PipelineState(jobs: [
            job("a", stage: 0, needs: []),
            job("b", stage: 0, needs: ["a"]),
            job("c", stage: 0, needs: ["b"]),
        ])
        let r7 = state.advance(now: 0)
        #expect(r7 == [.start("a")])
        state.started("a")
        state.finished("a", success: true, exitCode: 0, reason: nil)
        let r8 = state.advance(now: 0)
        #expect(r8 == [.start("b")])
        state.started("b")
        state.finished("b", success: false, exitCode: 1, reason: .scriptFailure)
        let r9 = state.advance(now: 0)
        #expect(r9 == [.skip("c")])
        #expect(state.pipelineStatus == .failed)
    }

    @Test func needsOnJobsNotInThePipelineAreIgnored() {
        // Optional needs on jobs the planner left out.
        var state = PipelineState(jobs: [job("build"), job("test", stage: 1, needs: ["not-created"])])
        let r10 = state.advance(now: 0)
        #expect(r10 == [.start("build"), .start("test")])
    }
}
