import Testing

extension CoordinatorTests {
    /// `when: manual` jobs wait for a user's play.
    @Suite struct ManualJobTests {
        static let yaml = """
            stages: [build, deploy]
            build:
              stage: build
              script: [make]
            deploy:
              stage: deploy
              when: manual
              allow_failure: false
              script: [make deploy]

            """

        @Test func playingABlockingManualJobFinishesThePipeline() throws {
            let server = try InProcessServer()
            let (project, pipeline) = try server.project("manual", files: [".gitlab-ci.yml": Self.yaml])
            let runner = try ProtocolRunner(server: server)
            let build = try runner.nextJob()
            try runner.run(build, trace: "built\n")
            #expect(try server.api.pipelineStatus(project, pipeline) == "manual")
            let deploy = try server.api.job(project, pipeline, named: "deploy")
            #expect(deploy["status"].string == "manual")

            let played = try server.api.post("/projects/\(project)/jobs/\(deploy.int("id"))/play")
            #expect(played["status"].string == "pending")
            let job = try runner.nextJob()
            #expect(try job.id == deploy.int("id"))
            #expect(job.jobInfo.stage == "deploy")
            try runner.run(job, trace: "deployed\n")
            #expect(try server.api.pipelineStatus(project, pipeline) == "success")
        }

        @Test func aJobThatIsNotManualCannotBePlayed() throws {
            let server = try InProcessServer()
            let (project, pipeline) = try server.project("unplayable", files: [".gitlab-ci.yml": Self.yaml])
            let runner = try ProtocolRunner(server: server)
            let build = try runner.nextJob()
            try runner.run(build, trace: "built\n")
            let refused = try server.api.response("POST", "/projects/\(project)/jobs/\(build.id)/play")
            #expect(refused.status == 403)
            #expect(refused.text.contains("Unplayable Job"), "\(refused.text)")
            #expect(try server.api.pipelineStatus(project, pipeline) == "manual")
        }

        @Test func anOptionalManualJobDoesNotHoldThePipeline() throws {
            let server = try InProcessServer()
            let yaml = "build:\n  script: [make]\nnotify:\n  when: manual\n  script: [./notify.sh]\n"
            let (project, pipeline) = try server.project("optional", files: [".gitlab-ci.yml": yaml])
            let runner = try ProtocolRunner(server: server)
            let build = try runner.nextJob()
            try runner.run(build, trace: "built\n")
            #expect(try server.api.pipelineStatus(project, pipeline) == "success")
            #expect(try server.api.job(project, pipeline, named: "notify")["status"].string == "manual")
        }
    }
}
