import Foundation
import GantryTestSupport
import Testing

/// A `gantry server` tried as an attacker would: requests that used to kill it, uploads that used
/// to fill its disk, a client taking every connection, jobs reaching for its data and secrets,
/// and kills at the worst moment. Each test checks that the server still answers afterwards.
@Suite(.serialized) struct ServerSecurityTests {
    // MARK: No request crashes the server

    @Test func pagesBeyondAnyEndAreEmptyAndNonNumbersAre400() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        for page in ["9223372036854775807", "99999999999999999999999", "-9223372036854775808"] {
            for path in ["projects", "users", "groups"] {
                let answer = try Curl.request(server, "/api/v4/\(path)?page=\(page)&per_page=100")
                // Projects: GitLab's offset cap (50,000) answers 405 past it; other lists are empty.
                if path == "projects" && page.hasPrefix("9") {
                    #expect(answer.status == 405 && answer.body.contains("maximum allowed offset of 50000"), "\(page): \(answer.body)")
                    continue
                }
                #expect(answer.status == 200, "\(path) page \(page): \(answer.body)")
                if page.hasPrefix("9") { #expect(answer.body == "[]", "\(path) page \(page)") }
            }
        }
        let invalid = try Curl.request(server, "/api/v4/projects?page=abc")
        #expect(invalid.status == 400)
        #expect(invalid.body == #"{"error":"page is invalid"}"#)
        let both = try Curl.request(server, "/api/v4/projects?page=1.5&per_page=x")
        #expect(both.body == #"{"error":"page is invalid, per_page is invalid"}"#)
        try Curl.expectAnswering(server)
    }

    /// `expire_in: 9999999999999 years` used to trap the server (a Double made an Int) when a job's
    /// artifacts were uploaded. `gantry lint` now refuses such a value in a config, so the job sends
    /// it itself, as any job holding its token can: the expiry is clamped and the server answers on.
    @Test func hugeArtifactExpiryDoesNotCrashTheServer() throws {
        let server = try ServerProcess(arguments: ["--runner"])
        defer { server.stop() }
        _ = try server.python(#"gl.projects.create({"name": "forever"})"#)
        let yaml = """
            keep:
              script: [python3 upload.py]

            """
        // A multipart upload by hand, past any proxy the job's environment names.
        let upload = """
            import io, os, urllib.request, uuid, zipfile
            archive = io.BytesIO()
            with zipfile.ZipFile(archive, "w") as z:
                z.writestr("kept.txt", "kept\\n")
            b = uuid.uuid4().hex
            body = (f'--{b}\\r\\nContent-Disposition: form-data; name="file"; filename="a.zip"\\r\\n'
                    'Content-Type: application/zip\\r\\n\\r\\n').encode() + archive.getvalue() + f"\\r\\n--{b}--\\r\\n".encode()
            url = f"{os.environ['CI_API_V4_URL']}/jobs/{os.environ['CI_JOB_ID']}/artifacts?expire_in=9999999999999%20years"
            request = urllib.request.Request(url, data=body, method="POST", headers={
                "JOB-TOKEN": os.environ["CI_JOB_TOKEN"], "Content-Type": f"multipart/form-data; boundary={b}"})
            print("upload:", urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request).status)

            """
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": yaml, "upload.py": upload])
        try GantryProcess.git(["push", "-q", server.gitURL("root/forever"), "main"], in: repo)
        let out = try server.python("""
            project = gl.projects.get("root/forever")
            p = wait_for(project, first_pipeline(project).id)
            job = project.jobs.get(p.jobs.list()[0].id)
            print(p.status, job.artifacts_expire_at)
            print(job.trace().decode())
            """)
        #expect(out.hasPrefix("success "), "\(out)\n\(server.log)")
        #expect(out.contains("upload: 201"), "\(out)")
        // Clamped far into the future (GitLab's durations stop at 1000 years), not refused or wrapped.
        let year = Int(out.dropFirst("success ".count).prefix(4)) ?? 0
        #expect(year >= 3000, "\(out)")
        try Curl.expectAnswering(server)
    }

    // MARK: Resources

    /// An anonymous POST declaring 4 GB gets its 401 from the headers alone: nothing is read,
    /// nothing lands in DATA/tmp. A body over a route's limit is a 413, declared or streamed.
    @Test func bodiesAreRefusedBeforeTheyAreRead() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let port = try #require(Int(server.url.split(separator: ":").last ?? ""))
        let script = """
            import socket, sys
            def post(path, headers="", length=4294967296, chunked=False):
                s = socket.create_connection(("127.0.0.1", \(port)))
                framing = "Transfer-Encoding: chunked\\r\\n" if chunked else f"Content-Length: {length}\\r\\n"
                s.sendall(f"POST {path} HTTP/1.1\\r\\nHost: x\\r\\nContent-Type: application/json\\r\\n{framing}{headers}\\r\\n".encode())
                try:
                    if chunked:
                        for _ in range(6):
                            s.sendall(b"100000\\r\\n" + b"x" * 0x100000 + b"\\r\\n")
                        s.sendall(b"0\\r\\n\\r\\n")
                    else:
                        s.sendall(b"x" * 65536)
                except OSError:
                    pass
                s.settimeout(30)
                answer = b""
                while b"\\r\\n\\r\\n" not in answer:
                    chunk = s.recv(4096)
                    if not chunk: break
                    answer += chunk
                print(path, answer.split(b"\\r\\n")[0].decode(), answer.split(b"\\r\\n\\r\\n", 1)[-1][:60].decode())
            token = "PRIVATE-TOKEN: \(ServerProcess.rootToken)\\r\\n"
            post("/api/v4/projects")
            post("/root/anything.git/git-receive-pack")
            post("/api/v4/projects/1/packages/pypi")
            post("/api/v4/projects", token, length=5 << 20)
            post("/api/v4/projects", token, chunked=True)
            """
        let out = try Python.run(script)
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(out)")
        #expect(lines.first?.hasPrefix("/api/v4/projects HTTP/1.1 401") == true, "\(out)")
        #expect(lines.count > 1 && lines[1].contains(" 401 ") && lines[1].contains("HTTP Basic: Access denied"), "\(out)")
        #expect(lines.count > 2 && lines[2].contains(" 401 "), "\(out)")
        #expect(lines.count > 4 && lines[3].contains(" 413 ") && lines[4].contains(" 413 "), "\(out)")
        #expect(out.contains(#"{"message":"413 Request Entity Too Large"}"#), "\(out)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: server.data.appendingPathComponent("tmp").path)
        #expect(leftovers.isEmpty, "\(leftovers)")
        try Curl.expectAnswering(server)
    }

    /// One client holding 1,000 idle connections gets its own share only (the per-client limit)
    /// and the others keep being served.
    @Test func oneClientCannotTakeEveryConnection() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let port = try #require(Int(server.url.split(separator: ":").last ?? ""))
        // The attacker connects from 127.0.0.2 (all of 127/8 is loopback), the user from 127.0.0.1.
        let script = """
            import resource, socket, subprocess, sys, time
            resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
            held = []
            for _ in range(1000):
                s = socket.socket()
                s.bind(("127.0.0.2", 0))
                try:
                    s.connect(("127.0.0.1", \(port)))
                    held.append(s)
                except OSError:
                    s.close()
            def still_open():
                count = 0
                for s in held:
                    s.setblocking(False)
                    try:
                        count += 0 if s.recv(1) == b"" else 1
                    except BlockingIOError:
                        count += 1
                    except OSError:
                        pass
                return count
            # The server closes what is over the limit; polled, with a deadline for a busy machine.
            deadline = time.time() + \(Int(Waiting.patient(10)))
            open_now = still_open()
            while open_now > 64 and time.time() < deadline:
                time.sleep(0.1)
                open_now = still_open()
            answer = subprocess.run(["curl", "-s", "-m", "20", "-o", "/dev/null", "-w", "%{http_code}",
                                     "http://127.0.0.1:\(port)/api/v4/version"], capture_output=True, text=True).stdout
            print("held", open_now, "other client", answer)
            """
        let out = try Python.run(script)
        let words = out.split(separator: " ")
        #expect(words.count == 5, "\(out)")
        if words.count == 5 {
            #expect((Int(words[1]) ?? 1000) <= 64, "\(out)")
            #expect(words[4].hasPrefix("401"), "the other client was not answered: \(out)")
        }
        try Curl.expectAnswering(server)
    }

    /// SIGTERM ends the server in bounded time while a runner long-polls and an upload is half sent.
    @Test func sigtermEndsTheServerWhateverIsRunning() throws {
        let server = try ServerProcess()
        let port = try #require(Int(server.url.split(separator: ":").last ?? ""))
        let runner = try RunnerProcess(server: server, name: "poller")
        defer { runner.kill() }
        let sending = server.data.deletingLastPathComponent().appendingPathComponent("sending-\(UUID().uuidString)")
        let slow = Process()
        slow.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        slow.arguments = ["-c", """
            import socket, time
            s = socket.create_connection(("127.0.0.1", \(port)))
            s.sendall(b"POST /api/v4/projects HTTP/1.1\\r\\nHost: x\\r\\nPRIVATE-TOKEN: \(ServerProcess.rootToken)\\r\\nContent-Length: 1000000\\r\\n\\r\\n")
            s.sendall(b"x")
            open("\(sending.path)", "w").close()
            for _ in range(600):
                s.sendall(b"x")
                time.sleep(0.1)
            """]
        try slow.run()
        defer { if slow.isRunning { slow.terminate() } }
        // Stopped once the runner has asked for a job (its long poll) and the upload has begun.
        _ = try server.python("""
            deadline = time.time() + patient(20)
            while not any(r.get("contacted_at") for r in gl.http_get("/runners/all")) and time.time() < deadline:
                time.sleep(0.1)
            """)
        #expect(Waiting.until(20) { FileManager.default.fileExists(atPath: sending.path) }, "the upload did not begin")
        let started = Date()
        server.stop()
        let took = Date().timeIntervalSince(started)
        // The stop deadline is 10 s; a busy machine gets generous room on top.
        #expect(took < 40, "stopping took \(took) s")
        #expect(!server.process.isRunning)
    }

    // MARK: Jobs never run with the server's privileges

    @Test func dataDirectoryIsClosedToOtherUsers() throws {
        let data = GantryProcess.scratchRoot.appendingPathComponent("open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data.appendingPathComponent("traces"), withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: data.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: data.appendingPathComponent("traces").path)
        let server = try ServerProcess(data: data)
        defer { server.stop() }
        func mode(_ path: String) throws -> Int {
            try #require(try FileManager.default.attributesOfItem(atPath: data.appendingPathComponent(path).path)[.posixPermissions] as? Int)
        }
        #expect(try mode("") == 0o700)
        #expect(try mode("traces") == 0o700)
        #expect(try mode("repositories") == 0o700)
        #expect(try mode("gantry.sqlite") == 0o600)
    }

    /// A job of a non-admin user's project, run by the in-process runner as gantry-runner, can
    /// read nothing of the data directory and sees neither the root token nor the registration
    /// token (command lines of every process, its own environment).
    @Test(.enabled(if: getuid() == 0 && getpwnam("gantry-runner") != nil,
                   "SKIPPED: needs root and the gantry-runner user (`make deps` as root creates it; CI runs as root)"))
    func jobsRunAsTheRunAsUserAndCannotReachTheServer() throws {
        let server = try LaunchedServer(arguments: ["--runner", "--run-as", "gantry-runner"],
                                        environment: ["GANTRY_RUNNER_REGISTRATION_TOKEN": LaunchedServer.registrationToken])
        defer { server.stop() }
        let token = try server.userWithProject("alice", project: "app")
        let data = server.data.path
        // Patterns written so that the job's own command lines do not contain the secrets.
        let rootPattern = String(LaunchedServer.rootToken.dropLast()) + "[" + String(LaunchedServer.rootToken.suffix(1)) + "]"
        let registrationPattern = String(LaunchedServer.registrationToken.dropLast()) + "["
            + String(LaunchedServer.registrationToken.suffix(1)) + "]"
        let yaml = """
            probe:
              script:
                - echo "user $(id -un)"
                - touch written-by-job && echo "workspace writable"
                - ls \(data) >/dev/null 2>&1 && echo "DATA LISTED" || echo "data directory closed"
                - cat \(data)/gantry.sqlite >/dev/null 2>&1 && echo "DATABASE READ" || echo "database closed"
                - cat \(data)/repositories/1.git/HEAD >/dev/null 2>&1 && echo "REPOSITORY READ" || echo "repositories closed"
                - echo "root token in command lines $(cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' '\\n' | grep -c '\(rootPattern)')"
                - echo "registration token in command lines $(cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' '\\n' | grep -c '\(registrationPattern)')"
                - echo "open files beyond stdio $(ls /proc/self/fd | wc -l)"
                - echo "secrets in environment $(env | grep -c '\(rootPattern)\\|\(registrationPattern)')"
                - ln -s \(data)/gantry.sqlite leak.xml
              artifacts:
                reports:
                  junit: leak.xml

            """
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": yaml])
        try GantryProcess.git(["push", "-q", server.gitURL("alice/app", user: "alice", token: token), "main"], in: repo)
        let trace = try server.finishedTrace(project: "alice%2Fapp", token: token)
        #expect(trace.contains("user gantry-runner"), "\(trace)")
        #expect(trace.contains("workspace writable"), "\(trace)")
        #expect(trace.contains("data directory closed"), "\(trace)")
        #expect(trace.contains("database closed"), "\(trace)")
        #expect(trace.contains("repositories closed"), "\(trace)")
        #expect(trace.contains("root token in command lines 0"), "\(trace)")
        #expect(trace.contains("registration token in command lines 0"), "\(trace)")
        #expect(trace.contains("secrets in environment 0"), "\(trace)")
        // 0, 1, 2 and the one `ls` opens to list them: no socket or database of the server.
        #expect(trace.contains("open files beyond stdio 4"), "\(trace)")
        #expect(trace.contains("Job succeeded"), "\(trace)")
        // The report pointing at the database was read as the job user: nothing was uploaded.
        let artifacts = (try? FileManager.default.contentsOfDirectory(atPath: server.data.appendingPathComponent("artifacts/1").path)) ?? []
        #expect(!artifacts.contains { $0.hasPrefix("junit") }, "\(artifacts)")
    }

    /// `gantry runner run --run-as`: the same for a runner of its own (shell executor).
    @Test(.enabled(if: getuid() == 0 && getpwnam("gantry-runner") != nil,
                   "SKIPPED: needs root and the gantry-runner user (`make deps` as root creates it; CI runs as root)"))
    func standaloneRunnerRunsJobsAsTheRunAsUser() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        _ = try server.python(#"gl.projects.create({"name": "separate"})"#)
        let runner = try server.startRunner(["--run-as", "gantry-runner"])
        defer { if runner.isRunning { runner.terminate(); runner.waitUntilExit() } }
        let yaml = "probe:\n  script:\n    - echo \"user $(id -un)\"\n    - touch made-by-job && ls -l made-by-job\n"
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": yaml])
        try GantryProcess.git(["push", "-q", server.gitURL("root/separate"), "main"], in: repo)
        let out = try server.python("""
            project = gl.projects.get("root/separate")
            p = wait_for(project, first_pipeline(project).id)
            print(p.status)
            print(project.jobs.get(p.jobs.list()[0].id).trace().decode())
            """)
        #expect(out.hasPrefix("success"), "\(out)")
        #expect(out.contains("user gantry-runner"), "\(out)")
        #expect(out.contains("gantry-runner gantry-runner"), "the job's file belongs to the job user: \(out)")
    }

    @Test func secretsCanComeFromFilesAndLeaveNoTraceInTheCommandLine() throws {
        let folder = GantryProcess.scratchRoot.appendingPathComponent("secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("root-token")
        try "glpat-from-a-file-000001\n".write(to: file, atomically: true, encoding: .utf8)
        let server = try LaunchedServer(arguments: ["--initial-root-token-file", file.path], rootToken: nil)
        defer { server.stop() }
        let answer = try Curl.request(server.url, "/api/v4/user", token: "glpat-from-a-file-000001")
        #expect(answer.status == 200 && answer.body.contains(#""username":"root""#), "\(answer.body)")
        let withArgument = try LaunchedServer(arguments: [])
        defer { withArgument.stop() }
        let cmdline = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(withArgument.process.processIdentifier)/cmdline"))
        #expect(cmdline.range(of: Data(LaunchedServer.rootToken.utf8)) == nil)
        #expect(cmdline.range(of: Data("--initial-root-token".utf8)) != nil)
        let fromEnvironment = try LaunchedServer(arguments: [], environment: ["GANTRY_INITIAL_ROOT_TOKEN": "glpat-from-the-environment-1"],
                                                 rootToken: nil)
        defer { fromEnvironment.stop() }
        let signedIn = try Curl.request(fromEnvironment.url, "/api/v4/user", token: "glpat-from-the-environment-1")
        #expect(signedIn.status == 200, "\(signedIn.body)")
        let environ = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(fromEnvironment.process.processIdentifier)/environ"))
        #expect(environ.range(of: Data("glpat-from-the-environment".utf8)) == nil)
    }

    // MARK: Crash consistency

    /// `kill -9` while git is still inside the push (here: a post-receive hook that sleeps, after
    /// the ref moved): the next start ends git's leftovers and starts the pipeline of that ref.
    @Test func aRefMovedByAKilledPushGetsItsPipeline() throws {
        try interruptedPush(signal: SIGKILL)
    }

    /// SIGTERM during a push: git http-backend and its children end with the server, and the ref
    /// the push moved gets its pipeline at the next start.
    @Test func gitDiesWithTheServerAndThePushIsFinishedAtTheNextStart() throws {
        try interruptedPush(signal: SIGTERM)
    }

    private func interruptedPush(signal: Int32) throws {
        let first = try ServerProcess()
        _ = try first.python(#"gl.projects.create({"name": "cut"})"#)
        let hook = first.data.appendingPathComponent("repositories/1.git/hooks/post-receive")
        let marker = first.data.deletingLastPathComponent().appendingPathComponent("hook-\(UUID().uuidString)")
        try "#!/bin/sh\ntouch \(marker.path)\nexec sleep 600\n".write(to: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": "build:\n  script: [echo built]\n"])
        let push = Process()
        push.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        push.arguments = ["push", "-q", first.gitURL("root/cut"), "main"]
        push.currentDirectoryURL = repo
        push.standardOutput = FileHandle.nullDevice
        push.standardError = FileHandle.nullDevice
        try push.run()
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: marker.path) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(FileManager.default.fileExists(atPath: marker.path), "the push never reached its hook")
        kill(first.process.processIdentifier, signal)
        first.process.waitUntilExit()
        if signal == SIGTERM {
            #expect(GitLeftovers.count(data: first.data) == 0, "git processes outlived the server")
        }
        try FileManager.default.removeItem(at: hook)
        // As a git killed in the middle of a ref update leaves it.
        let staleLock = first.data.appendingPathComponent("repositories/1.git/refs/heads/main.lock")
        if signal == SIGKILL { _ = FileManager.default.createFile(atPath: staleLock.path, contents: Data("0\n".utf8)) }

        let second = try ServerProcess(data: first.data)
        defer { second.stop() }
        #expect(GitLeftovers.count(data: first.data) == 0)
        // The client is not left waiting on a leftover git process.
        push.waitUntilExit()
        let out = try second.python("""
            project = gl.projects.get("root/cut")
            p = first_pipeline(project)
            print("pipeline", p.ref, p.source)
            """)
        #expect(out.contains("pipeline main push"), "\(out)\n\(second.log)")
        #expect(!FileManager.default.fileExists(atPath: staleLock.path), "a stale ref lock would refuse every push of main")
        try Curl.expectAnswering(second)
    }

    @Test func restartsEmptyTmpAndKeepOneInProcessRunner() throws {
        let first = try ServerProcess(arguments: ["--runner"])
        let leftover = first.data.appendingPathComponent("tmp/gantry-body-left-by-a-crash")
        first.stop()
        _ = FileManager.default.createFile(atPath: leftover.path, contents: Data("x".utf8))
        let second = try ServerProcess(data: first.data, arguments: ["--runner"])
        second.stop()
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
        let third = try ServerProcess(data: first.data, arguments: ["--runner"])
        defer { third.stop() }
        let out = try third.python("print(len(gl.runners.all(get_all=True)))")
        #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(out)")
    }
}

/// Processes started by a server's git (http-backend, receive-pack, hooks): found by the
/// repositories folder in their environment.
enum GitLeftovers {
    static func count(data: URL) -> Int {
        let marker = Data("GIT_PROJECT_ROOT=\(data.appendingPathComponent("repositories").standardizedFileURL.path)\0".utf8)
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap { Int32($0) } ?? []
        return pids.filter { FileManager.default.contents(atPath: "/proc/\($0)/environ")?.range(of: marker) != nil }.count
    }
}

/// HTTP through curl; tokens go through a header file so that they never show in a command line.
enum Curl {
    struct Answer {
        var status: Int
        var body: String
    }

    static func request(_ server: ServerProcess, _ path: String, token: String? = ServerProcess.rootToken) throws -> Answer {
        try request(server.url, path, token: token)
    }

    static func request(_ base: String, _ path: String, token: String?) throws -> Answer {
        let headers = GantryProcess.scratchRoot.appendingPathComponent("headers-\(UUID().uuidString)")
        try (token.map { "PRIVATE-TOKEN: \($0)\n" } ?? "").write(to: headers, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: headers) }
        let text = try Waiting.run(URL(fileURLWithPath: "/usr/bin/curl"),
                                   ["-s", "-m", "60", "-H", "@" + headers.path, "-w", "\n%{http_code}", base + path],
                                   waitingFor: "curl \(base + path)").stdout
        let split = text.range(of: "\n", options: .backwards)
        return Answer(status: Int(text[(split?.upperBound ?? text.endIndex)...]) ?? 0,
                      body: String(text[..<(split?.lowerBound ?? text.endIndex)]))
    }

    /// The server is alive and serving (an authenticated request answered 200).
    static func expectAnswering(_ server: ServerProcess) throws {
        #expect(server.process.isRunning, "the server died:\n\(server.log)")
        let answer = try request(server, "/api/v4/version")
        #expect(answer.status == 200, "the server does not answer: \(answer)")
    }
}

enum Python {
    /// Runs a script with the system python3 (sockets only, no packages) and returns its output.
    static func run(_ script: String) throws -> String {
        try Waiting.run(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script], waitingFor: "a python3 script").stdout
    }
}

/// A `gantry server` started with exactly the given arguments and environment (ServerProcess
/// always passes both tokens as arguments), for the tests about where secrets come from.
final class LaunchedServer {
    static let rootToken = "glpat-launched-root-0001"
    static let registrationToken = "launched-registration-0001"
    let data: URL
    let process = Process()
    let url: String
    let output: URL

    init(arguments: [String], environment: [String: String] = [:], rootToken: String? = LaunchedServer.rootToken) throws {
        data = GantryProcess.scratchRoot.appendingPathComponent("launched-\(UUID().uuidString)")
        output = data.deletingLastPathComponent().appendingPathComponent(data.lastPathComponent + ".log")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.executableURL = GantryProcess.binary
        process.arguments = ["server", "--data", data.path, "--listen", "127.0.0.1:0"]
            + (rootToken.map { ["--initial-root-token", $0] } ?? []) + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let log = try FileHandle(forWritingTo: output)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let ready = data.appendingPathComponent("server.url")
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: ready.path) {
            guard process.isRunning, Date() < deadline else {
                throw ServerProcess.ServerFailure(description: "server did not start: \((try? String(contentsOf: output, encoding: .utf8)) ?? "")")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        url = try String(contentsOf: ready, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var log: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    func gitURL(_ path: String, user: String, token: String) -> String {
        url.replacingOccurrences(of: "http://", with: "http://\(user):\(token)@") + "/" + path + ".git"
    }

    /// A non-admin user with an `api` token and a private project of their own; returns the token.
    func userWithProject(_ username: String, project: String) throws -> String {
        let script = """
            import gitlab, sys
            gl = gitlab.Gitlab(sys.argv[1], private_token=sys.stdin.read().strip())
            u = gl.users.create({"username": "\(username)", "name": "\(username)", "email": "\(username)@example.com",
                                 "password": "a-long-password-1"})
            t = u.personal_access_tokens.create({"name": "t", "scopes": ["api"]})
            gitlab.Gitlab(sys.argv[1], private_token=t.token).projects.create({"name": "\(project)"})
            print(t.token)
            """
        // The root token goes through standard input: no command line may show it.
        let r = try Waiting.run(GantryProcess.repositoryRoot.appendingPathComponent(".venv/bin/python"), ["-c", script, url],
                                input: Data(LaunchedServer.rootToken.utf8), waitingFor: "python-gitlab creating \(username)")
        let token = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard r.status == 0, !token.isEmpty else {
            throw ServerProcess.ServerFailure(description: "could not create \(username): \(r.stderr)\n\(log)")
        }
        return token
    }

    /// The trace of the first job of a project once it has finished.
    func finishedTrace(project: String, token: String, timeout: TimeInterval = 240) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let jobs = try Curl.request(url, "/api/v4/projects/\(project)/jobs", token: token)
            if let list = try? JSONSerialization.jsonObject(with: Data(jobs.body.utf8)) as? [[String: Any]],
               let job = list.first, let id = job["id"] as? Int,
               let status = job["status"] as? String, ["success", "failed", "canceled"].contains(status) {
                return try Curl.request(url, "/api/v4/projects/\(project)/jobs/\(id)/trace", token: token).body
            }
            Thread.sleep(forTimeInterval: 0.3)
        }
        throw ServerProcess.ServerFailure(description: "no finished job in time:\n\(log)")
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}
