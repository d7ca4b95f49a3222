import Testing

extension CoordinatorTests {
    /// A job payload tells the runner how to get its sources as GitLab's does: `GIT_STRATEGY` and
    /// the other `GIT_*` variables among its variables, `git_info.depth` from `GIT_DEPTH` (read as
    /// GitLab reads it) or GitLab's default of 20, and refspecs that follow the depth.
    @Suite struct GitInfoTests {
        @Test func thePayloadCarriesTheGitStrategyAndTheDepthAsGitLabDoes() throws {
            let server = try InProcessServer()
            _ = try server.project("git-info", files: [".gitlab-ci.yml": """
            variables: {GIT_STRATEGY: clone, GIT_CLEAN_FLAGS: "-ffdx -e keep/"}
            usual: {script: [x]}
            shallow: {script: [x], variables: {GIT_DEPTH: "1"}}
            full: {script: [x], variables: {GIT_DEPTH: "0"}}
            nonsense: {script: [x], variables: {GIT_DEPTH: "lots"}}
            """])
            let runner = try ProtocolRunner(server: server)
            var jobs: [String: ProtocolRunner.Job] = [:]
            for _ in 0..<4 {
                let job = try runner.nextJob()
                jobs[job.jobInfo.name] = job
            }
            let usual = try #require(jobs["usual"])
            #expect(usual.variable("GIT_STRATEGY") == "clone")
            #expect(usual.variable("GIT_CLEAN_FLAGS") == "-ffdx -e keep/")
            #expect(usual.allowGitFetch == true)
            #expect(usual.gitInfo?.depth == 20)
            #expect(usual.gitInfo?.refspecs == ["+refs/heads/main:refs/remotes/origin/main"])
            #expect(jobs["shallow"]?.gitInfo?.depth == 1)
            #expect(jobs["full"]?.gitInfo?.depth == 0)
            #expect(jobs["full"]?.gitInfo?.refspecs == ["+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"])
            // GitLab's `"lots".to_i`: 0, all of the history.
            #expect(jobs["nonsense"]?.gitInfo?.depth == 0)
        }
    }
}
