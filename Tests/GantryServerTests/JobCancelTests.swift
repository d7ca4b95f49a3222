import Foundation
import GantryHTTP
import Testing

extension CoordinatorTests {
    /// Canceling one job (`POST /projects/:id/jobs/:job_id/cancel`): that job only stops, its runner
    /// is told as GitLab tells it, and the pipeline goes on and settles from its jobs' statuses.
    @Suite struct JobCancelTests {
        static let yaml = """
            stages: [build, test]
            build:
              stage: build
              script: [make]
            docs:
              stage: build
              script: [make docs]
            test:
              stage: test
              script: [make test]

            """

        /// The runner takes one of the two build jobs; the other, still pending, is canceled.
        /// Returns the taken job and the canceled one's name.
        static func cancelTheWaitingJob(_ server: InProcessServer, _ project: Int, _ pipeline: Int,
                                        _ runner: ProtocolRunner) throws -> (ProtocolRunner.Job, String) {
            let taken = try runner.nextJob()
            let name = taken.jobInfo.name == "build" ? "docs" : "build"
            let waiting = try server.api.job(project, pipeline, named: name)
            #expect(waiting["status"].string == "pending")
            let canceled = try server.api.post("/projects/\(project)/jobs/\(waiting.int("id"))/cancel")
            #expect(canceled["status"].string == "canceled")
            return (taken, name)
        }

        @Test func cancelingARunningJobStopsOnlyThatJob() throws {
            let server = try InProcessServer()
            let (project, pipeline) = try server.project("one", files: [".gitlab-ci.yml": Self.yaml])
            let runner = try ProtocolRunner(server: server)
            let first = try runner.nextJob()
            let second = try runner.nextJob()
            let (build, docs) = first.jobInfo.name == "build" ? (first, second) : (second, first)
            #expect(try runner.trace(build, "compiling\n", at: 0) == 202)

            // A job cannot stop its stage-mate with its own token: job tokens change nothing here.
            let byJob = try server.api.http.send(HTTPClientRequest(method: "POST", url: server.api.baseURL
                                                                   + "/api/v4/projects/\(project)/jobs/\(build.id)/cancel",
                                                               headers: [("JOB-TOKEN", docs.token)]))
            #expect([401, 403].contains(byJob.status), "\(byJob.status)")
            #expect(try server.api.job(project, pipeline, named: "build")["status"].string == "running")

            let answer = try server.api.response("POST", "/projects/\(project)/jobs/\(build.id)/cancel")
            #expect(answer.status == 201)
            #expect(try JSON(answer.body)["status"].string == "canceled")
            #expect(try server.api.job(project, pipeline, named: "docs")["status"].string == "running")
            #expect(try server.api.pipelineStatus(project, pipeline) == "running")

            // Its runner hears it at its next call, as from GitLab: 403 and `Job-Status: canceled`.
            let patch = try runner.traceResponse(build, "linking\n", at: 10)
            #expect(patch.status == 403)
            #expect(patch.header("Job-Status") == "canceled")
            let update = try runner.updateResponse(build, ["token": build.token, "state": "success", "exit_code": 0])
            #expect(update.status == 403)
            #expect(update.header("Job-Status") == "canceled")
            let upload = try runner.http.send(HTTPClientRequest(method: "POST", url: runner.baseURL + "/jobs/\(build.id)/artifacts",
                                                                headers: [("JOB-TOKEN", build.token)], body: .data(Data("zip".utf8))))
            #expect(upload.status == 403)
            #expect(upload.header("Job-Status") == "canceled")
            // The canceled job's token opens nothing of the API.
            let withToken = try server.api.http.send(HTTPClientRequest(method: "GET", url: server.api.baseURL + "/api/v4/job",
                                                                       headers: [("JOB-TOKEN", build.token)]))
            #expect(withToken.status == 401)
            #expect(try server.api.trace(project, job: build.id) == "compiling\n")

            // The other job goes on; the next stage is skipped, as after a canceled stage in GitLab.
            try runner.run(docs, trace: "docs built\n")
            let jobs = try server.api.jobs(project, pipeline)
            #expect(jobs.map { "\($0["name"].string ?? "") \($0["status"].string ?? "")" } == ["build canceled", "docs success", "test skipped"])
            #expect(try server.api.pipelineStatus(project, pipeline) == "canceled")
        }

        @Test func cancelingAPendingJobLeavesTheRunningOne() throws {
            let server = try InProcessServer()
            let (project, pipeline) = try server.project("two", files: [".gitlab-ci.yml": Self.yaml])
            let runner = try ProtocolRunner(server: server)
            let (taken, _) = try Self.cancelTheWaitingJob(server, project, pipeline, runner)
            // No runner gets the canceled job; the one that runs finishes, and the pipeline settles.
            try runner.run(taken, trace: "done\n")
            #expect(try server.api.pipelineStatus(project, pipeline) == "canceled")
            #expect(try server.api.job(project, pipeline, named: "test")["status"].string == "skipped")
        }

        @Test func aFinishedJobIsAnsweredAsItIsAndNothingElseStops() throws {
            let server = try InProcessServer()
            let (project, pipeline) = try server.project("three", files: [".gitlab-ci.yml": Self.yaml])
            let runner = try ProtocolRunner(server: server)
            let first = try runner.nextJob()
            let second = try runner.nextJob()
            try runner.run(first, trace: "done\n")
            // GitLab's `build.cancel` does nothing to a finished job and the API answers 201 with it.
            let answer = try server.api.response("POST", "/projects/\(project)/jobs/\(first.id)/cancel")
            #expect(answer.status == 201)
            #expect(try JSON(answer.body)["status"].string == "success")
            #expect(try server.api.pipelineStatus(project, pipeline) == "running")
            #expect(try runner.trace(second, "still going\n", at: 0) == 202)
            #expect(try runner.update(second, state: "success", exitCode: 0) == 200)
            let test = try runner.nextJob()
            try runner.run(test, trace: "tested\n")
            #expect(try server.api.pipelineStatus(project, pipeline) == "success")
        }

        @Test func aJobCancelIsReplayedAfterARestart() throws {
            var server = try InProcessServer()
            let (project, pipeline) = try server.project("replay", files: [".gitlab-ci.yml": Self.yaml])
            var runner = try ProtocolRunner(server: server)
            let (first, waiting) = try Self.cancelTheWaitingJob(server, project, pipeline, runner)

            server = try server.restarted()
            runner = runner.reaching(server)
            #expect(try server.api.job(project, pipeline, named: waiting)["status"].string == "canceled")
            try runner.run(first, trace: "ok\n")
            #expect(try server.api.job(project, pipeline, named: "test")["status"].string == "skipped")
            #expect(try server.api.pipelineStatus(project, pipeline) == "canceled")
        }
    }
}
