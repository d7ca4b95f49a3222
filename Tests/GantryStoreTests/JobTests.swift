import Foundation
import GantryEngine
import Testing
@testable import GantryStore

struct JobTests {
    @Test func jobQueries() throws {
        let f = try Fixture()
        let pipeline = try f.store.createPipeline(f.newPipeline())
        var jobs = try f.store.createJobs([
            f.newJob("build", pipeline: pipeline, status: .success),
            f.newJob("test", pipeline: pipeline, status: .pending),
            f.newJob("lint", pipeline: pipeline, status: .running),
            f.newJob("deploy", pipeline: pipeline, status: .manual),
        ])
        #expect(jobs.map(\.id) == jobs.map(\.id).sorted())
        // A retry: the old attempt is superseded, the new one is pending.
        jobs[0].retried = true
        try f.store.updateJob(jobs[0])
        var retry = f.newJob("build", pipeline: pipeline, status: .pending)
        retry.attempt = 2
        retry = try f.store.createJob(retry)

        #expect(try f.store.jobs(pipelineID: pipeline.id, includeRetried: false).map(\.name)
            == ["test", "lint", "deploy", "build"])
        #expect(try f.store.jobs(pipelineID: pipeline.id, includeRetried: true).count == 5)
        #expect(try f.store.pendingJobs().map(\.id) == [jobs[1].id, retry.id])

        let active = try f.store.jobs(projectID: f.project.id, statuses: [.pending, .running], page: 1, perPage: 2)
        #expect(active.items.map(\.id) == [retry.id, jobs[2].id])
        #expect(active.total == 3)
        #expect(try f.store.jobs(projectID: f.project.id, statuses: nil, page: 2, perPage: 4).items.map(\.id) == [jobs[0].id])
        #expect(try f.store.jobs(projectID: f.project.id, statuses: nil, page: 1, perPage: 4).total == 5)
    }

    @Test func runningJobsWithoutRecentHeartbeat() throws {
        let f = try Fixture()
        let pipeline = try f.store.createPipeline(f.newPipeline())
        var fresh = f.newJob("fresh", pipeline: pipeline, status: .running)
        fresh.lastHeartbeatAt = date(100)
        var stale = f.newJob("stale", pipeline: pipeline, status: .running)
        stale.lastHeartbeatAt = date(10)
        var silent = f.newJob("silent", pipeline: pipeline, status: .running)
        silent.startedAt = date(20)
        var done = f.newJob("done", pipeline: pipeline, status: .success)
        done.lastHeartbeatAt = date(1)
        let created = try f.store.createJobs([fresh, stale, silent, done])
        #expect(try f.store.runningJobs(heartbeatBefore: date(50)).map(\.name) == ["stale", "silent"])
        #expect(try f.store.runningJobs(heartbeatBefore: date(15)).map(\.id) == [created[1].id])
    }

    @Test func jobTokenLookupAndUniqueness() throws {
        let f = try Fixture()
        let pipeline = try f.store.createPipeline(f.newPipeline())
        var job = f.newJob("build", pipeline: pipeline, status: .running)
        job.tokenDigest = "digest-1"
        job = try f.store.createJob(job)
        #expect(try f.store.job(tokenDigest: "digest-1")?.id == job.id)
        #expect(try f.store.job(tokenDigest: "nope") == nil)
        var twin = f.newJob("twin", pipeline: pipeline)
        twin.tokenDigest = "digest-1"
        #expect(throws: StoreError.conflict("jobs.token_digest")) { try f.store.createJob(twin) }
        // Finished jobs drop their digest; many jobs may have none.
        job.tokenDigest = nil
        try f.store.updateJob(job)
        twin.tokenDigest = nil
        _ = try f.store.createJobs([twin, twin])
        #expect(try f.store.job(tokenDigest: "digest-1") == nil)
    }

    @Test func runnersAndArtifacts() throws {
        let f = try Fixture()
        let pipeline = try f.store.createPipeline(f.newPipeline())
        var runner = try f.store.createRunner(RunnerRecord(tokenDigest: "rt", tags: ["docker"], createdAt: date(0)))
        var job = f.newJob("build", pipeline: pipeline, status: .running)
        job.runnerID = runner.id
        job = try f.store.createJob(job)
        runner.contactedAt = date(5)
        runner.description = "renamed"
        try f.store.updateRunner(runner)
        #expect(try f.store.runner(tokenDigest: "rt") == runner)
        #expect(try f.store.runners() == [runner])

        let archive = try f.store.addArtifact(JobArtifactRecord(jobID: job.id, fileType: "archive", fileFormat: "zip",
                                                                path: "a.zip", size: 1, sha256: "x", createdAt: date(1)))
        let trace = try f.store.addArtifact(JobArtifactRecord(jobID: job.id, fileType: "trace", fileFormat: "raw",
                                                              path: "t.log", size: 2, sha256: "y", createdAt: date(2)))
        #expect(try f.store.deleteArtifacts(jobID: job.id) == [archive, trace])
        #expect(try f.store.artifacts(jobID: job.id).isEmpty)

        // Deleting a runner keeps its jobs' history.
        #expect(try f.store.deleteRunner(id: runner.id))
        #expect(try !f.store.deleteRunner(id: runner.id))
        #expect(try f.store.runner(id: runner.id) == nil)
        #expect(try f.store.job(id: job.id)?.runnerID == nil)
    }

    @Test func manyJobsAreQuick() throws {
        let f = try Fixture()
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for _ in 0..<5 {
                let pipeline = try f.store.createPipeline(f.newPipeline())
                for n in 0..<100 { _ = try f.store.createJob(f.newJob("job \(n)", pipeline: pipeline)) }
            }
        }
        #expect(try f.store.jobs(projectID: f.project.id, statuses: nil, page: 1, perPage: 1).total == 500)
        // Generous bound: one transaction per job in WAL mode is well under a millisecond.
        #expect(elapsed < .seconds(3))
    }
}
