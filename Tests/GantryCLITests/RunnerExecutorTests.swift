import Foundation
import GantryTestSupport
import Testing

/// `gantry runner register --executor docker`: a server's pipeline run in containers of the test
/// engine (the busybox test image), the runner's default image for jobs without `image:`.
@Suite(.serialized) struct RunnerExecutorTests {
    @Test func runnerRegisteredWithDockerRunsTheServersJobsInContainers() throws {
        let image = try DockerTestEngine.busyboxImage()
        let server = try ServerProcess()
        defer { server.stop() }
        _ = try server.python(#"gl.projects.create({"name": "boxed"})"#)
        let yaml = """
            make:
              stage: build
              script: [cat /etc/os-release, pwd, echo made by make > made.txt]
              artifacts: {paths: [made.txt]}
            use:
              stage: test
              image: \(image)
              script: [cat made.txt]

            """
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": yaml])
        let runner = try RunnerProcess(server: server, name: "boxed", registration: [
            "--executor", "docker", "--docker-image", image, "--docker-host", try DockerTestEngine.dockerHost(),
        ])
        defer { runner.kill() }
        let saved = try String(contentsOf: runner.config, encoding: .utf8)
        #expect(saved.contains("\"executor\" : \"docker\"") && saved.contains("\"docker_image\" : \"\(image)\""), "\(saved)")
        try GantryProcess.git(["push", "-q", server.gitURL("root/boxed"), "main"], in: repo)
        let out = try server.python("""
            project = gl.projects.get("root/boxed")
            p = wait_for(project, first_pipeline(project).id, statuses=("success", "failed"))
            print("pipeline", p.status)
            for j in sorted(p.jobs.list(get_all=True), key=lambda j: j.id):
                print("--- trace of", j.name, j.status)
                print(project.jobs.get(j.id).trace().decode())
            """)
        #expect(out.contains("pipeline success"), "\(out)\n\(server.log)")
        #expect(out.contains("ID=gantry-busybox"), "\(out)")   // the runner's default image, not the host
        #expect(out.contains("\n/builds/root/boxed"), "\(out)")
        #expect(out.contains("made by make"), "\(out)")
    }

    @Test func dockerRegistrationNeedsAnImageAndRunStopsWhenTheEngineDoesNotAnswer() throws {
        let config = GantryProcess.scratchRoot.appendingPathComponent("runner-\(UUID().uuidString)/runner.json")
        let noImage = try GantryProcess.run(["runner", "register", "--url", "http://127.0.0.1:9", "--token", "t",
                                             "--executor", "docker", "--config", config.path])
        #expect(noImage.status == 2)
        #expect(noImage.stderr.contains("--executor docker needs --docker-image IMAGE"), "\(noImage.stderr)")

        // A configuration as register writes it, for an engine that is not there.
        try FileManager.default.createDirectory(at: config.deletingLastPathComponent(), withIntermediateDirectories: true)
        try """
            {"url": "http://127.0.0.1:9", "id": 1, "token": "glrt-x", "description": "d", "tags": [], "executor": "docker",
             "docker_image": "busybox", "docker_host": "unix:///nonexistent.sock", "work_directory": "\(config.deletingLastPathComponent().path)"}
            """.write(to: config, atomically: true, encoding: .utf8)
        let run = try GantryProcess.run(["runner", "run", "--config", config.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("Cannot connect to the Docker daemon at unix:///nonexistent.sock"), "\(run.stderr)")
    }
}
