import Testing
import GantryEngine

/// Large pipelines stay cheap to drive.
struct ScaleTests {
    @Test func twoThousandJobPipeline() {
        // 10 stages of 150 jobs in stage order, plus 500 DAG jobs each needing one earlier job, and a
        // fan-in job needing 50 of them.
        var jobs: [EngineJob] = []
        for stage in 0..<10 {
            for n in 0..<150 { jobs.append(job("s\(stage)-\(n)", stage: stage)) }
        }
        for n in 0..<500 {
            let needs = n == 0 ? [] : ["d\(n - 1)"]
            jobs.append(job("d\(n)", stage: n % 10, needs: needs))
        }
        jobs.append(job("fan-in", stage: 9, needs: (0..<50).map { "d\($0 * 10)" }))
        var run = Driver(jobs)
        let clock = ContinuousClock()
        let elapsed = clock.measure { run.run() }
        #expect(run.ran.count == 2001)
        #expect(Set(run.ran).count == 2001)
        #expect(run.state.pipelineStatus == .success)
        // Stage order holds: no job of stage k starts before every stage-order job of earlier stages ran.
        let position = Dictionary(uniqueKeysWithValues: run.ran.enumerated().map { ($1, $0) })
        #expect(position["s1-0"]! > position["s0-149"]!)
        #expect(position["d1"]! < position["s1-0"]!)
        #expect(elapsed < .seconds(5))
    }

    @Test func oneJobAtATimeInAWideStage() {
        // Finishing one of 2,000 jobs at a time: each advance must not rescan the whole pipeline badly.
        var jobs = (0..<2000).map { job("j\($0)") }
        jobs.append(job("last", stage: 1))
        var state = PipelineState(jobs: jobs)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            let first = state.advance(now: 0)
            #expect(first.count == 2000)
            for n in 0..<2000 {
                state.started("j\(n)")
                state.finished("j\(n)", success: true, exitCode: 0, reason: nil)
                let next = state.advance(now: 0)
                #expect(next == (n == 1999 ? [.start("last")] : []))
            }
        }
        #expect(elapsed < .seconds(5))
    }
}
