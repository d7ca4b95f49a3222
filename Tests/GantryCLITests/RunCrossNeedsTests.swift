import Foundation
import GantryTestSupport
import Testing

/// `gantry run` and needs on other pipelines' jobs: without a server to fetch their artifacts
/// from, the job fails before its script (GitLab's missing-dependency failure) and says why.
@Suite(.serialized) struct RunCrossNeedsTests {
    private func repository(_ yaml: String) throws -> URL {
        let dir = try GantryProcess.project([".gitlab-ci.yml": yaml])
        for args in [["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "init"]] {
            try GantryProcess.git(args, in: dir)
        }
        return dir
    }

    /// This process's environment without a server to fetch from (a CI job has one).
    static var noServer: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in ["GANTRY_SERVER", "CI_SERVER_URL", "GANTRY_TOKEN", "CI_JOB_TOKEN"] { environment.removeValue(forKey: key) }
        return environment
    }

    @Test func crossProjectArtifactsWithoutAServerFailTheJobClearly() throws {
        let dir = try repository("""
        test:
          script: [echo should-not-run]
          needs:
            - project: group/library
              job: compile
              ref: main
        """)
        let r = try GantryProcess.run(["run"], in: dir, environment: Self.noServer)
        #expect(r.status == 1)
        let log = try GantryProcess.jobLog(dir, "test")
        #expect(log.contains("`gantry run` has no Gantry server to download artifacts of other pipelines from"), "\(log)")
        #expect(log.contains("could not retrieve the needed artifacts: compile of project group/library (ref main)"))
        #expect(!log.contains("$ echo should-not-run"))
    }

    @Test func crossPipelineNeedWithoutArtifactsRunsAtOnce() throws {
        let dir = try repository("""
        build: {stage: build, script: ["sleep 1"]}
        test:
          stage: test
          script: [echo ran]
          needs: [{pipeline: $PARENT_PIPELINE_ID, job: generate, artifacts: false}]
        """)
        let r = try GantryProcess.run(["run"], in: dir, environment: Self.noServer)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try GantryProcess.jobLog(dir, "test").contains("$ echo ran"))
    }
}
