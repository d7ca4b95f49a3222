import Foundation
import GantryTestSupport
import Testing

/// What survives when things die: a runner killed mid-job, a server restarted mid-pipeline.
@Suite(.serialized) struct ServerRecoveryTests {
    /// A runner killed mid-job stops heart-beating: its job fails with runner_system_failure, and
    /// `retry: when: runner_system_failure` runs it again on another runner.
    @Test func killedRunnersJobIsRetriedOnAnotherRunner() throws {
        let server = try ServerProcess(arguments: ["--heartbeat-timeout", "3"])
        defer { server.stop() }
        _ = try server.python(#"gl.projects.create({"name": "flaky"})"#)
        let yaml = """
            slow:
              retry:
                max: 1
                when: runner_system_failure
              script:
                - echo "on runner $CI_RUNNER_ID"
                - if [ "$CI_RUNNER_ID" = "1" ]; then exec sleep 20; fi

            """
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": yaml])
        let first = try RunnerProcess(server: server, name: "first")
        defer { first.kill() }
        try GantryProcess.git(["push", "-q", server.gitURL("root/flaky"), "main"], in: repo)
        _ = try server.python("""
            project = gl.projects.get("root/flaky")
            p = first_pipeline(project)
            deadline = time.time() + patient(60)
            while p.jobs.list()[0].status != "running" and time.time() < deadline:
                time.sleep(0.1)
            """)
        first.kill()
        let second = try RunnerProcess(server: server, name: "second")
        defer { second.kill() }
        let out = try server.python("""
            project = gl.projects.get("root/flaky")
            p = wait_for(project, first_pipeline(project).id, statuses=("success", "failed"))
            print("pipeline", p.status)
            for j in sorted(p.jobs.list(include_retried=True, get_all=True), key=lambda j: j.id):
                print("job", j.id, j.status, j.failure_reason, j.runner["id"] if j.runner else None, j.retried)
            """)
        #expect(out.contains("pipeline success"), "\(out)\n\(server.log)")
        #expect(out.contains("failed runner_system_failure 1 True"), "\(out)")
        #expect(out.contains("success None 2 False"), "\(out)")
    }

    /// A restart loses no pipeline, job or log: a pipeline waiting on a manual job is played after
    /// the restart and finishes.
    @Test func restartKeepsPipelinesJobsAndLogs() throws {
        let yaml = """
            stages: [build, deploy]
            build:
              stage: build
              script: [echo "built at $CI_COMMIT_SHORT_SHA"]
            deploy:
              stage: deploy
              when: manual
              allow_failure: false
              script: [echo deployed]

            """
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": yaml])
        let server = try ServerProcess(arguments: ["--runner"])
        _ = try server.python(#"gl.projects.create({"name": "app"})"#)
        try GantryProcess.git(["push", "-q", server.gitURL("root/app"), "main"], in: repo)
        let before = try server.python("""
            project = gl.projects.get("root/app")
            p = wait_for(project, first_pipeline(project).id)
            print(p.id, p.status)
            """)
        #expect(before.hasSuffix(" manual\n"), "\(before)\n\(server.log)")
        server.stop()

        let restarted = try ServerProcess(data: server.data, arguments: ["--runner"])
        defer { restarted.stop() }
        let out = try restarted.python("""
            project = gl.projects.get("root/app")
            p = project.pipelines.get(first_pipeline(project).id)
            print("after restart", p.status)
            jobs = {j.name: j for j in p.jobs.list()}
            print("build", jobs["build"].status, "built at" in project.jobs.get(jobs["build"].id).trace().decode())
            project.jobs.get(jobs["deploy"].id).play()
            p = wait_for(project, p.id, statuses=("success", "failed"))
            print("played", p.status)
            """)
        #expect(out.contains("after restart manual"), "\(out)")
        #expect(out.contains("build success True"), "\(out)")
        #expect(out.contains("played success"), "\(out)\n\(restarted.log)")
    }
}

extension ServerRecoveryTests {
    /// Stopping the server ends the jobs of its in-process runner (nothing keeps running behind
    /// it), and after a restart such a job shows as a runner failure.
    @Test func stoppingTheServerEndsItsRunnersJobs() throws {
        let marker = "596.\(Int.random(in: 100_000...999_999))"
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": "long:\n  script: [sleep \(marker)]\n"])
        let server = try ServerProcess(arguments: ["--runner", "--heartbeat-timeout", "2"])
        _ = try server.python(#"gl.projects.create({"name": "long"})"#)
        try GantryProcess.git(["push", "-q", server.gitURL("root/long"), "main"], in: repo)
        _ = try server.python("""
            project = gl.projects.get("root/long")
            job = first_pipeline(project).jobs.list()[0]
            deadline = time.time() + patient(60)
            while "$ sleep" not in project.jobs.get(job.id).trace().decode() and time.time() < deadline:
                time.sleep(0.1)
            """)
        server.stop()
        let pattern = "sleep 59[6].\(marker.dropFirst(4))"
        #expect(try !Waiting.processRuns(matching: pattern), "the job's sleep outlived the server")

        let restarted = try ServerProcess(data: server.data, arguments: ["--heartbeat-timeout", "2"])
        defer { restarted.stop() }
        let out = try restarted.python("""
            project = gl.projects.get("root/long")
            p = wait_for(project, first_pipeline(project).id, statuses=("failed",), timeout=20)
            job = p.jobs.list()[0]
            print(p.status, job.status, job.failure_reason)
            """)
        #expect(out == "failed failed runner_system_failure\n", "\(out)\n\(restarted.log)")
    }
}

/// A `gantry runner` process registered with the server's registration token.
final class RunnerProcess {
    let process = Process()

    let config: URL

    /// `registration`: more `gantry runner register` options (`--executor docker ...`).
    init(server: ServerProcess, name: String, tags: [String] = [], registration: [String] = []) throws {
        let folder = server.data.deletingLastPathComponent().appendingPathComponent("runner-\(name)-\(UUID().uuidString)")
        config = folder.appendingPathComponent("runner.json")
        let register = try GantryProcess.run(["runner", "register", "--url", server.url, "--token", ServerProcess.registrationToken,
                                              "--description", name, "--config", config.path] + tags.flatMap { ["--tag", $0] }
                                              + registration)
        #expect(register.status == 0, "\(register.stderr)")
        process.executableURL = GantryProcess.binary
        process.arguments = ["runner", "run", "--config", config.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// As a crash would: no goodbye to the server.
    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { kill() }
}
