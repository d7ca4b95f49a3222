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

    @Test func jobsWithoutImageUseTheDefaultImageOrSayWhyItIsMissing() throws {
        let image = try DockerTestEngine.busyboxImage()
        let dir = try runs.repository([".gitlab-ci.yml": "job:\n  script: [cat /etc/os-release]\n"])
        let given = try gantryRun(dir, ["--executor", "docker", "--docker-image", image])
        #expect(given.status == 0, "\(given.stdout)")
        #expect(try runs.log(dir, "job").contains("ID=gantry-busybox"))
        let fromEnvironment = try gantryRun(dir, ["--executor", "docker"], environment: ["GANTRY_DOCKER_IMAGE": "localhost:1/gantry-no-such-image:1"])
        #expect(fromEnvironment.status == 1)
        let log = try runs.log(dir, "job")
        #expect(log.contains("failed to pull image \"localhost:1/gantry-no-such-image:1\""), "\(log)")
        #expect(log.contains("is the image of jobs without image: (GANTRY_DOCKER_IMAGE)"), "\(log)")
        let bad = try gantryRun(dir, ["--executor", "docker", "--docker-image", "Not/../an/image"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--docker-image 'Not/../an/image' is not an image name"), "\(bad.stderr)")
    }

    /// A `tcp://` engine behind TLS that demands a client certificate (Docker's `--tlsverify`):
    /// the test engine's socket behind a TLS proxy of the test's own (Python's ssl, certificates
    /// from openssl). With `DOCKER_TLS_VERIFY` and `DOCKER_CERT_PATH` the job runs there; a missing
    /// key, a client certificate of another CA and `DOCKER_TLS` without verification are refused
    /// with what is wrong.
    @Test func aTCPEngineWithTLSIsReachedWithTheClientCertificate() throws {
        let engineSocket = try #require(try DockerTestEngine.client().endpoint.socketPath, "the test engine is not a unix socket")
        let folder = GantryProcess.scratchRoot.appendingPathComponent("tls-\(UUID().uuidString.prefix(8))")
        let client = folder.appendingPathComponent("client"), stranger = folder.appendingPathComponent("stranger")
        let made = try Waiting.run(URL(fileURLWithPath: "/bin/bash"), ["-c", """
            set -e
            mkdir -p "$1" && cd "$1"; mkdir -p client stranger nokey
            o() { openssl "$@" 2>/dev/null; }
            o req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out client/ca.pem -days 1 -subj /CN=gantry-test-ca
            o req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj /CN=127.0.0.1
            o x509 -req -in server.csr -CA client/ca.pem -CAkey ca-key.pem -CAcreateserial -out server.pem -days 1 \
              -extfile <(printf 'subjectAltName=IP:127.0.0.1')
            o req -newkey rsa:2048 -nodes -keyout client/key.pem -out client.csr -subj /CN=gantry-test-client
            o x509 -req -in client.csr -CA client/ca.pem -CAkey ca-key.pem -CAcreateserial -out client/cert.pem -days 1 \
              -extfile <(printf 'extendedKeyUsage=clientAuth')
            o req -x509 -newkey rsa:2048 -nodes -keyout stranger/key.pem -out stranger/cert.pem -days 1 -subj /CN=stranger
            cp client/ca.pem stranger/ca.pem; cp client/ca.pem client/cert.pem nokey/
            """, "tls", folder.path], waitingFor: "openssl certificates")
        try #require(made.status == 0, "\(made.output)")
        let proxyScript = """
            import socket, ssl, sys, threading
            ca, cert, key, unix, portfile = sys.argv[1:6]
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(cert, key)
            ctx.load_verify_locations(ca)
            ctx.verify_mode = ssl.CERT_REQUIRED
            srv = socket.socket()
            srv.bind(("127.0.0.1", 0))
            srv.listen(64)
            open(portfile + ".part", "w").write(str(srv.getsockname()[1]))
            import os; os.rename(portfile + ".part", portfile)
            def pipe(a, b):
                try:
                    while True:
                        d = a.recv(65536)
                        if not d: break
                        b.sendall(d)
                except OSError: pass
                for s in (a, b):
                    try: s.shutdown(socket.SHUT_RDWR)
                    except OSError: pass
            def serve(c):
                try: t = ctx.wrap_socket(c, server_side=True)
                except (ssl.SSLError, OSError): c.close(); return
                u = socket.socket(socket.AF_UNIX)
                u.connect(unix)
                threading.Thread(target=pipe, args=(t, u), daemon=True).start()
                pipe(u, t)
            while True:
                c, _ = srv.accept()
                threading.Thread(target=serve, args=(c,), daemon=True).start()
            """
        let portFile = folder.appendingPathComponent("port")
        let proxy = Process()
        proxy.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        proxy.arguments = ["-c", proxyScript, client.appendingPathComponent("ca.pem").path, folder.appendingPathComponent("server.pem").path,
                           folder.appendingPathComponent("server-key.pem").path, engineSocket, portFile.path]
        try proxy.run()
        defer {
            // SIGKILL: a child of this process may start with SIGTERM blocked (see DockerTestEngine).
            kill(proxy.processIdentifier, SIGKILL)
            proxy.waitUntilExit()
        }
        try #require(Waiting.until(30) { FileManager.default.fileExists(atPath: portFile.path) }, "the TLS proxy did not start")
        let host = "tcp://127.0.0.1:" + (try String(contentsOf: portFile, encoding: .utf8))
        let image = try DockerTestEngine.busyboxImage()
        let dir = try runs.repository([".gitlab-ci.yml": "job:\n  image: \(image)\n  script: [cat /etc/os-release]\n"])

        let verified = try gantryRun(dir, ["--executor", "docker"],
                                     environment: ["DOCKER_HOST": host, "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": client.path])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("at \(host)"), "\(verified.stdout)")
        #expect(try runs.log(dir, "job").contains("ID=gantry-busybox"))

        let noKey = try gantryRun(dir, ["--executor", "docker"], environment: [
            "DOCKER_HOST": host, "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": folder.appendingPathComponent("nokey").path])
        #expect(noKey.status == 1)
        #expect(noKey.stderr.contains("nokey/key.pem is missing or unreadable: DOCKER_CERT_PATH must hold ca.pem, cert.pem and key.pem"),
                "\(noKey.stderr)")

        let strange = try gantryRun(dir, ["--executor", "docker"],
                                    environment: ["DOCKER_HOST": host, "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": stranger.path])
        #expect(strange.status == 1)
        #expect(strange.stderr.contains("TLS with the engine at \(host) failed"), "\(strange.stderr)")

        let unverified = try gantryRun(dir, ["--executor", "docker"], environment: ["DOCKER_HOST": host, "DOCKER_TLS": "1"])
        #expect(unverified.status == 1)
        #expect(unverified.stderr.contains("without verifying its certificate, which Gantry does not do"), "\(unverified.stderr)")
    }

    /// A user who may use a rootful engine (as the docker group allows) runs `gantry run`: the
    /// job's container writes as root into the mounted workspace, including a folder only root
    /// could read. Gantry hands it all back, so the artifacts are collected, the workspace is
    /// removed and the user can delete the project's `.gantry`. The engine is a Podman service of this test,
    /// its socket given to that user.
    @Test(.enabled(if: getuid() == 0 && getpwnam("gantry-runner") != nil))
    func whatARootContainerWritesStaysTheUsersToCleanUp() throws {
        let image = try DockerTestEngine.busyboxImage()
        let user = try #require(getpwnam("gantry-runner")).pointee
        let dir = try runs.repository([".gitlab-ci.yml": """
            job:
              image: \(image)
              script:
                - mkdir -p deep/er && echo secret > deep/er/f && chmod 700 deep
                - id -u
              artifacts:
                paths: [deep/]
            """])
        let socketFolder = GantryProcess.scratchRoot.appendingPathComponent("engine-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: socketFolder, withIntermediateDirectories: true)
        let socket = socketFolder.appendingPathComponent("podman.sock").path
        let service = Process()
        service.executableURL = URL(fileURLWithPath: "/usr/bin/podman")
        service.arguments = ["system", "service", "--time=0", "unix://\(socket)"]
        service.standardOutput = FileHandle.nullDevice
        service.standardError = FileHandle.nullDevice
        try service.run()
        defer {
            service.terminate()
            service.waitUntilExit()
        }
        let client = DockerClient(endpoint: .unixSocket(socket))
        let up = Waiting.until(60, every: 0.2) { (try? client.ping()) != nil }
        try #require(up, "podman system service did not answer on \(socket)")
        for path in [dir.path, socket] { _ = try Waiting.run(URL(fileURLWithPath: "/bin/chown"), ["-R", "gantry-runner:", path], waitingFor: "chown") }
        let summary = dir.appendingPathComponent("summary.json").path
        let asUser = ["--reuid=\(user.pw_uid)", "--regid=\(user.pw_gid)", "--init-groups", "--"]
        let r = try Waiting.run(URL(fileURLWithPath: "/usr/bin/setpriv"),
                                asUser + [GantryProcess.binary.path, "run", "--executor", "docker", "--docker-host", "unix://\(socket)",
                                          "--json-summary", summary],
                                in: dir, environment: ["PATH": "/usr/bin:/bin", "HOME": String(cString: user.pw_dir)],
                                waitingFor: "gantry run as gantry-runner")
        #expect(r.status == 0, "\(r.output)")
        let log = try runs.log(dir, "job")
        #expect(log.contains("\n0\n"), "\(log)")   // root in the container
        let json = try #require(try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: summary))) as? [String: Any])
        let job = try #require((json["jobs"] as? [[String: Any]])?.first)
        let zip = try #require(job["artifacts"] as? String, "\(job)")
        let entries = try Waiting.run(URL(fileURLWithPath: "/usr/bin/env"),
                                      ["python3", "-c", "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", zip],
                                      waitingFor: "the list of \(zip)").stdout
        #expect(entries.contains("deep/er/f"), "\(entries)")
        // The slot's working copy is kept (GIT_STRATEGY fetch): the next run, as the same user,
        // must be able to clean out what root wrote there (`mkdir -p` then fails on a stale 700 dir it cannot enter).
        let again = try Waiting.run(URL(fileURLWithPath: "/usr/bin/setpriv"),
                                    asUser + [GantryProcess.binary.path, "run", "--executor", "docker", "--docker-host", "unix://\(socket)"],
                                    in: dir, environment: ["PATH": "/usr/bin:/bin", "HOME": String(cString: user.pw_dir)],
                                    waitingFor: "second gantry run as gantry-runner")
        #expect(again.status == 0, "\(again.output)")
        let removal = try Waiting.run(URL(fileURLWithPath: "/usr/bin/setpriv"), asUser + ["rm", "-rf", dir.appendingPathComponent(".gantry").path],
                                      waitingFor: "rm -rf of the project's .gantry as gantry-runner")
        #expect(removal.status == 0, "\(removal.output)")
    }
}
