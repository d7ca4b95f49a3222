import Testing
import GantryEngine
import GantryPipeline

/// Pipelines from `.gitlab-ci.yml`, through the planner, into the engine.
struct PlannedPipelineTests {
    @Test func mapsPlannedJobs() throws {
        let pipeline = try #require(plan("""
        stages: [build, test, deploy]
        default:
          retry: {max: 2, when: runner_system_failure}
        build: {stage: build, script: [x]}
        test:
          stage: test
          script: [x]
          needs: [build]
          allow_failure: {exit_codes: [3]}
          retry: 1
        rollout:
          stage: deploy
          script: [x]
          when: delayed
          start_in: 30 minutes
        """))
        let state = PipelineState(plan: pipeline)
        let jobs = Dictionary(uniqueKeysWithValues: state.jobs.map { ($0.name, $0) })
        let build = try #require(jobs["build"])
        let test = try #require(jobs["test"])
        #expect(build.stageIndex == 0)  // the plan keeps only stages with jobs
        #expect(test.stageIndex == 1)
        #expect(build.needs == nil)
        #expect(build.retry == RetryPolicy(max: 2, when: ["runner_system_failure"]))
        #expect(test.needs == ["build"])
        #expect(test.allowedExitCodes == [3])
        #expect(test.retry == RetryPolicy(max: 1))
        let rollout = try #require(jobs["rollout"])
        #expect(rollout.when == "delayed")
        #expect(rollout.startInSeconds == 1800)
        #expect(rollout.stageIndex > test.stageIndex)
    }

    @Test func manualJobFromRulesBlocksThePipeline() throws {
        let pipeline = try #require(plan("""
        build: {stage: build, script: [x]}
        approve:
          stage: test
          script: [x]
          rules: [{when: manual}]
        optional: {stage: test, script: [x], when: manual}
        deploy: {stage: deploy, script: [x]}
        """))
        var run = Driver([])
        run.state = PipelineState(plan: pipeline)
        run.run()
        #expect(run.ran == ["build"])
        #expect(run.status("approve") == .manual)
        #expect(run.status("optional") == .manual)
        #expect(run.status("deploy") == .created)
        #expect(run.state.pipelineStatus == .manual)
        try run.state.play("approve")
        run.run()
        #expect(run.ran == ["build", "approve", "deploy"])
        #expect(run.state.pipelineStatus == .success)
    }
}
