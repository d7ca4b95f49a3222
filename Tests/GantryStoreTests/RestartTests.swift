import Foundation
import GantryEngine
import Testing
@testable import GantryStore

/// Every record type survives closing and reopening the database file.
struct RestartTests {
    @Test func everyRecordSurvivesAReopen() throws {
        let dir = TempDirectory()
        var user = UserRecord(username: "root", name: "Administrator", email: "root@example.com", isAdmin: true,
                              createdAt: date(0.001))
        var token = AccessTokenRecord(userID: 0, name: "ci", tokenDigest: "d1", scopes: ["api", "read_api"],
                                      createdAt: date(1), expiresAt: date(86_400), revoked: false, lastUsedAt: date(2))
        var group = GroupRecord(name: "Acme", path: "acme", fullPath: "acme", visibility: "internal",
                                description: "the company", createdAt: date(3))
        var subgroup = GroupRecord(name: "Python", path: "python", fullPath: "acme/python", createdAt: date(3.5))
        var project = ProjectRecord(name: "Parser", path: "parser", namespaceKind: "group", namespaceID: 0,
                                    pathWithNamespace: "acme/python/parser", visibility: "public",
                                    description: "ünïcode ✓", defaultBranch: "trunk", createdAt: date(4),
                                    lastActivityAt: date(5), creatorID: 0)
        var variable = CIVariableRecord(ownerKind: "project", ownerID: 0, key: "DEPLOY_KEY", value: "line1\nline2",
                                        variableType: "file", protected: true, masked: true, raw: true,
                                        environmentScope: "production")
        var pipeline = PipelineRecord(projectID: 0, sha: "a1b2", beforeSHA: "f0f0", ref: "v1.0", tag: true,
                                      source: "web", status: .failed, yamlErrors: "jobs:x: unknown key",
                                      userID: 0, createdAt: date(6), updatedAt: date(7.25), startedAt: date(6.5),
                                      finishedAt: date(7), duration: 0.5, coverage: 87.5,
                                      variablesJSON: #"[{"key":"A","value":"1"}]"#)
        var runner = RunnerRecord(tokenDigest: "r1", description: "box", tags: ["linux", "docker"],
                                  runUntagged: false, locked: true, active: false, createdAt: date(8),
                                  contactedAt: date(9), systemID: "s_abc")
        var job = JobRecord(pipelineID: 0, projectID: 0, name: "test 1/2", stage: "test", stageIndex: 2,
                            status: .failed, when: "manual", allowFailure: true, tokenDigest: "j1", runnerID: 0,
                            tags: ["linux"], createdAt: date(10), queuedAt: date(11), startedAt: date(12),
                            finishedAt: date(13), duration: 1.0, failureReason: "script_failure", exitCode: 2,
                            coverage: 50, retried: true, attempt: 3, traceSize: 1234, lastHeartbeatAt: date(12.5),
                            artifactsFile: "artifacts/1/archive.zip", artifactsSize: 99,
                            artifactsExpireAt: date(100))
        var artifact = JobArtifactRecord(jobID: 0, fileType: "junit", fileFormat: "gzip", path: "a/junit.xml.gz",
                                         size: 42, sha256: "ff", createdAt: date(14), expireAt: date(200))
        var event = PipelineEventRecord(pipelineID: 0, kind: "job_finished", jobName: "test 1/2", success: false,
                                        exitCode: 2, reason: "script_failure", at: date(15))

        do {
            let store = try SQLiteStore(path: dir.databasePath)
            user = try store.createUser(user)
            token.userID = user.id
            token = try store.createAccessToken(token)
            group = try store.createGroup(group)
            subgroup.parentID = group.id
            subgroup = try store.createGroup(subgroup)
            project.namespaceID = subgroup.id
            project.creatorID = user.id
            project = try store.createProject(project)
            variable.ownerID = project.id
            variable = try store.setVariable(variable)
            pipeline.projectID = project.id
            pipeline.userID = user.id
            pipeline = try store.createPipeline(pipeline)
            runner = try store.createRunner(runner)
            job.pipelineID = pipeline.id
            job.projectID = project.id
            job.runnerID = runner.id
            job = try store.createJob(job)
            artifact.jobID = job.id
            artifact = try store.addArtifact(artifact)
            event.pipelineID = pipeline.id
            event = try store.appendEvent(event)
            try store.setSetting("runner_registration_token_digest", "abc")
        }

        let store = try SQLiteStore(path: dir.databasePath)
        #expect(try store.user(id: user.id) == user)
        #expect(try store.accessTokens(userID: user.id) == [token])
        #expect(try store.group(id: group.id) == group)
        #expect(try store.group(id: subgroup.id) == subgroup)
        #expect(try store.project(id: project.id) == project)
        #expect(try store.variables(ownerKind: "project", ownerID: project.id) == [variable])
        #expect(try store.pipeline(id: pipeline.id) == pipeline)
        #expect(pipeline.iid == 1)
        #expect(try store.runner(id: runner.id) == runner)
        #expect(try store.job(id: job.id) == job)
        #expect(try store.artifacts(jobID: job.id) == [artifact])
        #expect(try store.events(pipelineID: pipeline.id) == [event])
        #expect(event.seq == 1)
        #expect(try store.setting("runner_registration_token_digest") == "abc")
        #expect(try store.setting("missing") == nil)
    }

    @Test func updatesSurviveAReopen() throws {
        let f = try Fixture()
        var pipeline = try f.store.createPipeline(f.newPipeline())
        var job = try f.store.createJob(f.newJob("build", pipeline: pipeline))
        pipeline.status = .running
        pipeline.startedAt = date(30)
        pipeline.updatedAt = date(30)
        try f.store.updatePipeline(pipeline)
        job.status = .running
        job.tokenDigest = "tok"
        job.lastHeartbeatAt = date(31)
        try f.store.updateJob(job)
        try f.store.setSetting("k", "v1")
        try f.store.setSetting("k", "v2")

        let store = try f.reopen()
        #expect(try store.pipeline(id: pipeline.id) == pipeline)
        #expect(try store.job(id: job.id) == job)
        #expect(try store.job(tokenDigest: "tok") == job)
        #expect(try store.setting("k") == "v2")
    }

    @Test func updatingAMissingRowThrowsNotFound() throws {
        let f = try Fixture()
        var pipeline = f.newPipeline()
        pipeline.id = 999
        #expect(throws: StoreError.notFound("pipeline 999")) { try f.store.updatePipeline(pipeline) }
    }
}
