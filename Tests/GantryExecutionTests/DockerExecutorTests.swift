import Foundation
import GantryEngine
import GantryPipeline
import GantryYAML
import GantryTestSupport
import Testing
@testable import GantryExecution

/// Jobs run by `JobRunner` with the Docker executor in a real engine (the busybox test image).
struct DockerExecutorTests {
    struct Run {
        var result: JobResult
        var log: String
        var leftContainers: Int
        var leftNetworks: Int
        /// Entries of the job's artifacts archive (which goes with the project's folder).
        var artifactEntries: [String]
    }

    /// Runs the `job:` of `yaml` with the Docker executor on a project holding `files`; the job's
    /// result, its log and how many containers with its label remain afterwards. `artifacts`:
    /// files of an earlier job's artifacts archive; `cache`: files of the cache with key `k`.
    func runJob(_ yaml: String, files: [String: String] = [:], artifacts: [String: String] = [:], cache: [String: String] = [:],
                cancelAfter: TimeInterval? = nil, engine: DockerClient? = nil, waitForServices: TimeInterval = 30) throws -> Run {
        let client = try DockerTestEngine.client()
        let image = try DockerTestEngine.busyboxImage()
        return try withTemporaryDirectory { root in
            let project = root.appendingPathComponent("demo")
            for (path, text) in files { try writeFile(project, path, text) }
            try makeDirectory(project, ".")
            let text = yaml.replacingOccurrences(of: "BUSYBOX", with: image)
            let document = try YAMLLoader.load(text, file: ".gitlab-ci.yml")
            let node = try #require(document.root?.mapping?["job"])
            let config = JobConfig(name: "job", nameMark: node.mark, node: node)
            var settings = RunSettings(projectRoot: project, pipelineIID: 1, concurrency: 1, console: Console(colour: false, quiet: true))
            settings.toolDirectory = nil
            try settings.prepareStateDirectory()
            let id = Int.random(in: 1_000_000..<9_000_000)
            var dependencies: [JobRunner.DependencyArtifacts] = []
            if !artifacts.isEmpty {
                dependencies.append(.init(name: "build", id: id - 1, zip: try zip(artifacts, in: root.appendingPathComponent("artifacts"))))
            }
            if !cache.isEmpty {
                try FileManager.default.createDirectory(at: settings.cacheDirectory, withIntermediateDirectories: true)
                try FileManager.default.moveItem(at: try zip(cache, in: root.appendingPathComponent("cache")),
                                                 to: settings.cacheDirectory.appendingPathComponent("k.zip"))
            }
            let assignment = JobRunner.Assignment(
                name: "job", stage: "test", config: config, id: id, index: 0, slot: 0, source: .local(project),
                variables: [JobVariable(key: "CI_PROJECT_PATH", value: "group/demo"), JobVariable(key: "GREETING", value: "hello $CI_PROJECT_PATH")],
                dependencies: dependencies)
            let executor = DockerExecutor(client: engine ?? client, waitForServicesTimeout: waitForServices)
            if let cancelAfter {
                DispatchQueue.global().asyncAfter(deadline: .now() + cancelAfter) { executor.cancelAll() }
            }
            let result = JobRunner(settings: settings, executor: executor).run(assignment)
            let log = Console.stripANSI((try? String(contentsOfFile: result.logPath, encoding: .utf8)) ?? "")
            let label = "\(DockerExecutor.jobLabel)=\(id)"
            return Run(result: result, log: log, leftContainers: try client.containers(label: label).count,
                       leftNetworks: try client.networks(label: label).count,
                       artifactEntries: try result.artifacts.map { try ZipArchive.list(URL(fileURLWithPath: $0)) } ?? [])
        }
    }

    /// A zip of `files`, written under `folder`.
    func zip(_ files: [String: String], in folder: URL) throws -> URL {
        for (path, text) in files { try writeFile(folder, path, text) }
        let archive = folder.appendingPathExtension("zip")
        _ = try ZipArchive.write(files: files.keys.sorted(), from: folder, to: archive)
        return archive
    }

    @Test func aJobRunsInItsImageWithTheProjectMountedAtBuilds() throws {
        let run = try runJob("""
            job:
              image: BUSYBOX
              script:
                - cat /etc/os-release
                - pwd
                - cat notes.txt
                - echo "$GREETING at $CI_PROJECT_DIR"
                - echo "home is $HOME"
                - echo made-in-container > output.txt
            """, files: ["notes.txt": "from the project\n"])
        #expect(run.result.status == .success, "\(run.log)")
        #expect(run.log.contains("Preparing the \"docker\" executor"))
        #expect(run.log.contains("ID=gantry-busybox"))      // the image's os-release, not the host's
        #expect(run.log.contains("\n/builds/group/demo\n"))
        #expect(run.log.contains("from the project"))
        #expect(run.log.contains("hello group/demo at /builds/group/demo"))
        #expect(run.log.contains("home is /root"))   // the image's, not the runner's
        #expect(run.leftContainers == 0)
    }

    @Test func aFailingScriptFailsTheJobAndAfterScriptStillRuns() throws {
        let run = try runJob("""
            job:
              image: BUSYBOX
              script:
                - echo before-failure
                - exit 3
              after_script:
                - echo "after_script sees $CI_JOB_STATUS"
            """)
        #expect(run.result.status == .failed)
        #expect(run.result.exitCode == 3)
        #expect(run.result.failureReason == .scriptFailure)
        #expect(run.log.contains("after_script sees failed"))
        #expect(run.leftContainers == 0)
    }

    @Test func aMissingImageFailsTheJobWithImagePullFailure() throws {
        let run = try runJob("""
            job:
              image: localhost:1/gantry-no-such-image:1
              script: [echo never]
            """)
        #expect(run.result.status == .failed)
        #expect(run.result.failureReason == .imagePullFailure)
        #expect(run.log.contains("ERROR: Job failed: failed to pull image \"localhost:1/gantry-no-such-image:1\""), "\(run.log)")
        #expect(!run.log.contains("$ echo never"))
        #expect(run.leftContainers == 0)
    }

    @Test func aTimeoutKillsAndRemovesTheContainer() throws {
        let run = try runJob("""
            job:
              image: BUSYBOX
              timeout: 5 seconds
              script: [sleep 120]
            """)
        #expect(run.result.status == .failed)
        #expect(run.result.failureReason == .jobExecutionTimeout)
        #expect(run.leftContainers == 0)
    }

    @Test func aCanceledJobLeavesNoContainer() throws {
        let run = try runJob("""
            job:
              image: BUSYBOX
              script: [echo started, sleep 120]
            """, cancelAfter: 8)
        #expect(run.result.status == .canceled)
        #expect(run.leftContainers == 0)
    }

    @Test func anEntrypointOfTheJobWrapsTheScriptAndAnEmptyOneIsAccepted() throws {
        let wrapped = try runJob("""
            job:
              image:
                name: BUSYBOX
                entrypoint: ["/bin/sh", "-c", "echo entrypoint-ran; exec \\"$0\\" \\"$@\\""]
              script: [echo script-ran]
            """)
        #expect(wrapped.result.status == .success, "\(wrapped.log)")
        #expect(wrapped.log.contains("entrypoint-ran"))
        #expect(wrapped.log.contains("script-ran"))
        let emptied = try runJob("""
            job:
              image: {name: BUSYBOX, entrypoint: [""]}
              script: [echo script-ran]
            """)
        #expect(emptied.result.status == .success, "\(emptied.log)")
    }

    @Test func aServiceIsReachedByItsAliasOnTheJobsNetworkAndRemovedAfterwards() throws {
        let run = try runJob("""
            job:
              image: BUSYBOX
              services:
                - name: BUSYBOX
                  alias: web
                  command: ["httpd", "-f", "-p", "8080", "-h", "/etc"]
              script:
                - for i in $(seq 1 30); do wget -q -O- http://web:8080/os-release && exit 0; sleep 1; done; exit 1
            """)
        #expect(run.result.status == .success, "\(run.log)")
        #expect(run.log.contains("Starting service gantry-busybox:latest"))
        #expect(run.log.contains("PRETTY_NAME=\"Gantry busybox test image\""))
        #expect(run.leftContainers == 0)
        #expect(run.leftNetworks == 0)
    }

    @Test func aServiceThatDiesIsReportedWithItsOutput() throws {
        let run = try runJob("""
            job:
              image: BUSYBOX
              services:
                - name: BUSYBOX
                  command: ["sh", "-c", "echo service-broke-down; exit 4"]
              script: [echo job-ran]
            """)
        #expect(run.result.status == .success, "\(run.log)")
        #expect(run.log.contains("Service gantry-busybox:latest probably didn't start properly: it exited with code 4"), "\(run.log)")
        #expect(run.log.contains("service-broke-down"))
        #expect(run.leftContainers == 0)
        #expect(run.leftNetworks == 0)
    }

    @Test func servicesGetGitLabsDefaultAliases() {
        #expect(JobService.defaultAliases("postgres:15") == ["postgres"])
        #expect(JobService.defaultAliases("registry.example.com/org/redis:7") == ["org-redis", "org__redis"])
        #expect(JobService.defaultAliases("tutum/wordpress:latest") == ["tutum-wordpress", "tutum__wordpress"])
        #expect(JobService.defaultAliases("localhost:5000/web") == ["web"])
    }

    @Test func artifactsAndReportsOfAContainerJobAreCollectedOnTheHost() throws {
        let run = try runJob("""
            job:
              image: BUSYBOX
              script:
                - mkdir -p out && echo built-in-container > out/result.txt
                - echo BUILT_IN=container > build.env
                - printf '<testsuite name="s" tests="2" failures="1"><testcase name="a"/><testcase name="b"><failure message="no"/></testcase></testsuite>' > report.xml
              artifacts:
                paths: [out/]
                reports:
                  junit: report.xml
                  dotenv: build.env
            """)
        #expect(run.result.status == .success, "\(run.log)")
        #expect(run.artifactEntries.contains("out/result.txt"))
        #expect(run.result.tests?.tests == 2)
        #expect(run.result.tests?.failures == 1)
        #expect(run.result.dotenv.contains { $0 == ("BUILT_IN", "container") })
    }

    @Test func pullPolicyNeverFailsAMissingImageWithoutPulling() throws {
        let run = try runJob("""
            job:
              image: {name: gantry-no-such-image:1, pull_policy: never}
              script: [echo never]
            """)
        #expect(run.result.failureReason == .imagePullFailure)
        #expect(run.log.contains("failed to pull image \"gantry-no-such-image:1\" with specified policies [never]"), "\(run.log)")
        #expect(!run.log.contains("Pulling docker image"))
    }

    @Test func dependencyArtifactsAndCachesReachTheContainer() throws {
        let run = try runJob("""
            job:
              image: BUSYBOX
              cache: {key: k, paths: [.cache/]}
              script:
                - cat dist/package.txt
                - cat .cache/pip.txt
            """, artifacts: ["dist/package.txt": "from the build job\n"], cache: [".cache/pip.txt": "from the cache\n"])
        #expect(run.result.status == .success, "\(run.log)")
        #expect(run.log.contains("from the build job"))
        #expect(run.log.contains("from the cache"))
    }

    @Test func anUnreachableEngineFailsTheJobNamingTheSocket() throws {
        let run = try runJob("""
            job:
              image: BUSYBOX
              script: [echo never]
            """, engine: DockerClient(endpoint: .unixSocket("/nonexistent/engine.sock")))
        #expect(run.result.status == .failed)
        #expect(run.result.failureReason == .runnerSystemFailure)
        #expect(run.log.contains("Cannot connect to the Docker daemon at unix:///nonexistent/engine.sock"), "\(run.log)")
    }

    @Test func containersOfAGantryThatIsGoneAreSweptAndLiveOnesKept() throws {
        let client = try DockerTestEngine.client()
        let image = try DockerTestEngine.busyboxImage()
        // A process that has exited: its pid names a gantry killed before cleaning up.
        let gone = try Subprocess(["true"], environment: ["PATH": "/usr/bin:/bin"], directory: URL(fileURLWithPath: "/"))
        gone.readOutput { _ in }
        _ = gone.wait()
        let host = ProcessInfo.processInfo.hostName
        let job = "sweep-\(UUID().uuidString.prefix(8))"
        var ids: [String] = []
        for owner in ["\(host)/\(gone.pid)", DockerExecutor.owner] {
            var spec = DockerContainerSpec(image: image)
            spec.cmd = ["true"]
            spec.labels = [DockerExecutor.jobLabel: job, DockerExecutor.ownerLabel: owner]
            ids.append(try client.createContainer(spec))
        }
        defer { for id in ids { try? client.removeContainer(id) } }
        try DockerExecutor(client: client).sweepStale()
        #expect(try client.containers(label: "\(DockerExecutor.jobLabel)=\(job)").map(\.Id) == [ids[1]])
    }
}
