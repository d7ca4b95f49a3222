import Testing
import GantryEngine

struct CancelTests {
    @Test func cancelStopsEverythingThatWouldRun() {
        var state = PipelineState(jobs: [
            job("a"), job("b"), job("c", stage: 1), job("later", stage: 2, when: "delayed", startIn: 60),
            job("optional", stage: 0, when: "manual", allowFailure: true),
            job("docs", needs: []),
        ])
        let r1 = state.advance(now: 0)
        #expect(r1 == [.start("a"), .start("b"), .waitManual("optional"), .start("docs")])
        state.started("a")
        state.started("docs")
        state.finished("docs", success: true, exitCode: 0, reason: nil)
        let stopped = state.cancel()
        #expect(stopped == ["a", "b"])
        #expect(state.status(of: "a") == .canceled)
        #expect(state.status(of: "b") == .canceled)
        #expect(state.status(of: "c") == .canceled)
        #expect(state.status(of: "later") == .canceled)
        #expect(state.status(of: "docs") == .success)
        // Manual jobs stay playable, as in GitLab.
        #expect(state.status(of: "optional") == .manual)
        #expect(state.pipelineStatus == .canceled)
        #expect(state.isComplete)
        let r2 = state.advance(now: 100)
        #expect(r2 == [])
    }

    @Test func reportsAfterCancelAreIgnored() {
        var state = PipelineState(jobs: [job("a", retry: RetryPolicy(max: 2)), job("b", stage: 1)])
        _ = state.advance(now: 0)
        state.started("a")
        state.cancel()
        let r3 = state.finished("a", success: false, exitCode: 1, reason: .scriptFailure)
        #expect(!r3)
        #expect(state.status(of: "a") == .canceled)
        let r4 = state.advance(now: 0)
        #expect(r4 == [])
        #expect(state.pipelineStatus == .canceled)
    }

    @Test func aRetryQueuedBeforeCancelDoesNotStart() {
        var state = PipelineState(jobs: [job("a", retry: RetryPolicy(max: 2))])
        _ = state.advance(now: 0)
        state.started("a")
        let r5 = state.finished("a", success: false, exitCode: 1, reason: .scriptFailure)
        #expect(r5)
        let r6 = state.cancel()
        #expect(r6 == ["a"])
        let r7 = state.advance(now: 0)
        #expect(r7 == [])
    }
}
