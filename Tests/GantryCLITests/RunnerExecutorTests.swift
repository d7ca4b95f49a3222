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

    /// `gantry server --runner --executor docker`: the example library's whole pipeline runs
    /// green in containers of the Python image (Debian's Python 3.11.2, not this host's). Its
    /// jobs install their tools from the test run's wheelhouse, mounted read-only at the same path
    /// in every container (`--docker-volume`), as a runner would mount a local package mirror.
    @Test func inProcessRunnerWithTheDockerExecutorRunsTheExampleLibraryInContainers() throws {
        let image = try DockerTestEngine.pythonImage()
        var arguments = ["--runner", "--runner-concurrency", "2", "--executor", "docker", "--docker-image", image,
                         "--docker-host", try DockerTestEngine.dockerHost()]
        if let wheels = Wheelhouse.prepared { arguments += ["--docker-volume", "\(wheels.path):\(wheels.path):ro"] }
        let server = try ServerProcess(arguments: arguments)
        defer { server.stop() }
        #expect(server.log.contains("docker executor (default image \(image))"), "\(server.log)")
        _ = try server.python(#"gl.projects.create({"name": "pvoutput"})"#)
        try server.useWheelhouse("root/pvoutput")
        let repo = try ServerProcess.repository(example: "pvoutput")
        try GantryProcess.git(["push", "-q", server.gitURL("root/pvoutput"), "main"], in: repo)
        let out = try server.python("""
            project = gl.projects.get("root/pvoutput")
            p = wait_for(project, first_pipeline(project).id, timeout=900)
            print("pipeline", p.status)
            failed_traces(project, p)
            jobs = p.jobs.list(get_all=True)
            print("jobs", sorted((j.name, j.status) for j in jobs))
            trace = project.jobs.get([j.id for j in jobs if j.name == "unit-tests"][0]).trace().decode()
            print("docker", "Using Docker executor with image python:3.11-slim" in trace)
            print("python", [l for l in trace.splitlines() if l.startswith("Python 3")])
            print("dir", "/builds/root/pvoutput" in trace)
            report = p.test_report.get()
            print("tests", report.total_count, report.failed_count)
            """)
        #expect(out.contains("pipeline success"), "\(out)\n\(server.log)")
        for name in ["build", "unit-tests", "wheel-install", "pylint", "black", "mypy", "docstr-coverage", "publish-dry-run"] {
            #expect(out.contains("('\(name)', 'success')"), "\(name): \(out)")
        }
        #expect(out.contains("docker True"), "\(out)")
        #expect(out.contains("python ['Python 3.11.2']"), "\(out)")   // Debian bookworm's, in the image
        #expect(out.contains("dir True"), "\(out)")
        #expect(out.contains("tests 13 0"), "\(out)")
    }

    @Test func serverRunnerExecutorFlagsAreCheckedAtStart() throws {
        let data = GantryProcess.scratchRoot.appendingPathComponent("server-\(UUID().uuidString)")
        let base = ["server", "--data", data.path, "--listen", "127.0.0.1:0"]
        let cases: [([String], String)] = [
            (["--executor", "docker", "--docker-image", "busybox"], "--executor is for the in-process runner: add --runner"),
            (["--runner", "--executor", "docker"], "--executor docker needs --docker-image IMAGE"),
            (["--runner", "--executor", "kubernetes"], "--executor takes shell or docker, got 'kubernetes'"),
            (["--runner", "--docker-image", "busybox"], "--docker-image, --docker-host and --docker-volume are for --executor docker"),
            (["--runner", "--executor", "docker", "--docker-image", "Bad/../x"], "--docker-image 'Bad/../x' is not an image name"),
            (["--runner", "--executor", "docker", "--docker-image", "busybox", "--docker-volume", "wheels:/w"],
             "--docker-volume takes HOST:CONTAINER or HOST:CONTAINER:ro with absolute paths, got 'wheels:/w'"),
            (["--runner", "--executor", "docker", "--docker-image", "busybox", "--docker-host", "ftp://x"],
             "--docker-host takes unix:///path or tcp://host:port, got 'ftp://x'"),
        ]
        for (arguments, message) in cases {
            let r = try GantryProcess.run(base + arguments)
            #expect(r.status == 2, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
        let unreachable = try GantryProcess.run(base + ["--runner", "--executor", "docker", "--docker-image", "busybox",
                                                        "--docker-host", "unix:///nonexistent.sock"])
        #expect(unreachable.status == 1)
        #expect(unreachable.stderr.contains("Cannot connect to the Docker daemon at unix:///nonexistent.sock"), "\(unreachable.stderr)")
    }
}
