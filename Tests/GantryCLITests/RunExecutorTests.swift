import Foundation
import GantryExecution
import GantryTestSupport
import Testing

/// `gantry run --executor docker|shell` with a real engine (Podman's service after `make deps`)
/// and the busybox test image, whose os-release no host has.
@Suite(.serialized) struct RunExecutorTests {
    let runs = RunTests()

    /// Two container jobs: the first shows where it runs and hands an artifact to the second.
    func project() throws -> URL {
        let image = try DockerTestEngine.busyboxImage()
        return try runs.repository([".gitlab-ci.yml": """
            make:
              stage: build
              image: \(image)
              script:
                - cat /etc/os-release
                - pwd
                - echo made by make > made.txt
              artifacts:
                paths: [made.txt]
            use:
              stage: test
              image: \(image)
              script:
                - cat made.txt
            """])
    }

    /// `gantry run ARGS` in `dir` with the test engine as `DOCKER_HOST`; `environment` over that.
    func gantryRun(_ dir: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> GantryProcess.Result {
        var env = ProcessInfo.processInfo.environment
        env["DOCKER_HOST"] = try DockerTestEngine.dockerHost()
        env.merge(environment) { $1 }
        return try GantryProcess.run(["run"] + arguments, in: dir, environment: env)
    }

    /// Containers with the job label (a job's number) that a `gantry` process left behind: its
    /// owner process has ended, and it was not there before the test (`before`, from an earlier
    /// killed run). Live owners are this test process and the runners other suites run alongside.
    func containersLeftByGantry(except before: Set<String> = []) throws -> [String] {
        try DockerTestEngine.client().containers(label: DockerExecutor.jobLabel)
            .filter { container in
                guard Int(container.Labels?[DockerExecutor.jobLabel] ?? "") != nil, !before.contains(container.Id) else { return false }
                let pid = (container.Labels?[DockerExecutor.ownerLabel]?.split(separator: "/").last).flatMap { Int32($0) }
                return pid.map { kill($0, 0) != 0 } ?? true
            }
            .map { "\($0.Id.prefix(12)) \($0.State ?? "") \($0.Labels ?? [:])" }
    }

    /// The ids of the labelled containers there now.
    func labelledContainers() throws -> Set<String> {
        Set(try DockerTestEngine.client().containers(label: DockerExecutor.jobLabel).map(\.Id))
    }

    @Test func dockerExecutorRunsJobsInTheirImageAndPassesArtifacts() throws {
        let dir = try project()
        let before = try labelledContainers()
        let r = try gantryRun(dir, ["--executor", "docker"])
        #expect(r.status == 0, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        #expect(r.stdout.contains("Jobs run with the docker executor, as asked:"))
        let make = try runs.log(dir, "make")
        #expect(make.contains("ID=gantry-busybox"))           // the image's os-release, not the host's
        #expect(make.contains("\n/builds/"))                  // GitLab's project directory in the container
        #expect(try runs.log(dir, "use").contains("made by make"))
        let left = try containersLeftByGantry(except: before)
        #expect(left.isEmpty, "left: \(left)")
    }

    @Test func shellExecutorRunsTheSameJobsOnThisHost() throws {
        let dir = try project()
        let r = try gantryRun(dir, ["--executor", "shell"])
        #expect(r.status == 0, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        #expect(r.stdout.contains("Jobs run with the shell executor, as asked"))
        let make = try runs.log(dir, "make")
        #expect(!make.contains("ID=gantry-busybox"))
        #expect(!make.contains("\n/builds/"))
        #expect(try runs.log(dir, "use").contains("made by make"))
    }

    @Test func withoutExecutorDockerIsChosenWhenTheEngineAnswersElseShell() throws {
        let dir = try project()
        let docker = try gantryRun(dir, [], environment: ["GANTRY_EXECUTOR": ""])
        #expect(docker.status == 0, "stdout: \(docker.stdout)\nstderr: \(docker.stderr)")
        #expect(docker.stdout.contains("Jobs run with the docker executor, a container engine answers:"))

        let shell = try gantryRun(dir, [], environment: ["GANTRY_EXECUTOR": "", "DOCKER_HOST": "unix:///nonexistent.sock"])
        #expect(shell.status == 0, "stdout: \(shell.stdout)\nstderr: \(shell.stderr)")
        #expect(shell.stdout.contains("Jobs run with the shell executor: no container engine answers at unix:///nonexistent.sock"))
    }

    @Test func dockerAskedForWithAnEngineThatDoesNotAnswerFailsNamingTheSocket() throws {
        let dir = try project()
        let r = try gantryRun(dir, ["--executor", "docker", "--docker-host", "unix:///nonexistent.sock"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("Cannot connect to the Docker daemon at unix:///nonexistent.sock"), "stderr: \(r.stderr)")
        #expect(!r.stdout.contains("Pipeline #"))
    }

    @Test func badExecutorOrPullPolicyIsAUsageError() throws {
        let dir = try project()
        let executor = try gantryRun(dir, ["--executor", "podman"])
        #expect(executor.status == 2)
        #expect(executor.stderr.contains("--executor takes docker or shell, got 'podman'"), "stderr: \(executor.stderr)")
        let policy = try gantryRun(dir, ["--pull-policy", "sometimes"])
        #expect(policy.status == 2)
        #expect(policy.stderr.contains("--pull-policy takes always, if-not-present or never, got 'sometimes'"), "stderr: \(policy.stderr)")
    }

    @Test func pullPolicyNeverUsesTheLocalImageAndFailsAMissingOne() throws {
        let dir = try runs.repository([".gitlab-ci.yml": """
            job:
              image: gantry-no-such-image:latest
              script: [echo never]
            """])
        let before = try labelledContainers()
        let r = try gantryRun(dir, ["--executor", "docker", "--pull-policy", "never"])
        #expect(r.status == 1)
        let log = try runs.log(dir, "job")
        #expect(log.contains("failed to pull image \"gantry-no-such-image:latest\" with specified policies [never]"), "log: \(log)")
        let left = try containersLeftByGantry(except: before)
        #expect(left.isEmpty, "left: \(left)")
    }
}
