import Foundation

/// A real `gantry server` on 127.0.0.1 (a free port), with a known root token and runner
/// registration token, stopped (SIGTERM) by `stop()`.
public final class ServerProcess {
    public static let rootToken = "glpat-test-root-token-0001"
    public static let registrationToken = "test-registration-token"

    public let data: URL
    public let process: Process
    public let url: String
    public let output: URL

    /// `data`: reuse a data directory (a restart); a fresh one otherwise.
    public init(data: URL? = nil, arguments: [String] = []) throws {
        self.data = data ?? GantryProcess.scratchRoot.appendingPathComponent("server-\(UUID().uuidString)")
        output = self.data.deletingLastPathComponent().appendingPathComponent("\(self.data.lastPathComponent)-\(UUID().uuidString).log")
        try FileManager.default.createDirectory(at: self.data, withIntermediateDirectories: true)
        let ready = self.data.appendingPathComponent("server.url")
        try? FileManager.default.removeItem(at: ready)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process = Process()
        process.executableURL = GantryProcess.binary
        process.arguments = ["server", "--data", self.data.path, "--listen", "127.0.0.1:0",
                             "--initial-root-token", ServerProcess.rootToken,
                             "--registration-token", ServerProcess.registrationToken] + arguments
        let log = try FileHandle(forWritingTo: output)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(Waiting.patient(20))
        while !FileManager.default.fileExists(atPath: ready.path) {
            guard process.isRunning, Date() < deadline else {
                throw ServerFailure(description: "server did not start: \(try String(contentsOf: output, encoding: .utf8))")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        url = try String(contentsOf: ready, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public struct ServerFailure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public var log: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    /// The git URL of a project with root's credentials.
    public func gitURL(_ path: String, user: String = "root", token: String = ServerProcess.rootToken) -> String {
        url.replacingOccurrences(of: "http://", with: "http://\(user):\(token)@") + "/" + path + ".git"
    }

    /// A standalone `gantry runner run` registered with this server (its own configuration and
    /// work directory beside the server's data), with `arguments` added (`--run-as USER`). The
    /// caller ends it.
    public func startRunner(_ arguments: [String] = []) throws -> Process {
        let folder = data.deletingLastPathComponent().appendingPathComponent("runner-\(UUID().uuidString)")
        let config = folder.appendingPathComponent("runner.json")
        let register = try GantryProcess.run(["runner", "register", "--url", url, "--token", ServerProcess.registrationToken,
                                              "--config", config.path])
        guard register.status == 0 else { throw ServerFailure(description: "runner register failed: \(register.stderr)") }
        let runner = Process()
        runner.executableURL = GantryProcess.binary
        runner.arguments = ["runner", "run", "--config", config.path] + arguments
        runner.standardOutput = FileHandle.nullDevice
        runner.standardError = FileHandle.nullDevice
        try runner.run()
        return runner
    }

    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }

    /// Runs a python-gitlab script (from the project venv) against this server. The script gets
    /// `gl` (signed in as root), `wait_for(pipeline)` (which says every 30 s on stderr how the
    /// pipeline's jobs stand), `patient(seconds)` (a deadline sized for a busy machine) and
    /// `person(name)` (a new user with an api token, and a client signed in as them); what it
    /// prints is returned.
    public func python(_ script: String) throws -> String {
        let prelude = """
            import gitlab, json, sys, time, io, zipfile
            gl = gitlab.Gitlab("\(url)", private_token="\(ServerProcess.rootToken)")
            gl.auth()
            def patient(seconds):
                return seconds * \(Int(Waiting.patient(1)))
            def wait_for(project, pipeline_id, statuses=("success", "failed", "canceled", "skipped", "manual"), timeout=240):
                deadline = time.time() + patient(timeout)
                said = time.time()
                while True:
                    p = project.pipelines.get(pipeline_id)
                    if p.status in statuses or time.time() > deadline:
                        return p
                    if time.time() - said > 25:
                        said = time.time()
                        jobs = ", ".join(f"{j.name} {j.status}" for j in p.jobs.list(get_all=True))
                        print(f"pipeline {pipeline_id} of {project.path_with_namespace} {p.status}: {jobs}", file=sys.stderr, flush=True)
                    time.sleep(0.2)
            def failed_traces(project, pipeline):
                for j in pipeline.jobs.list(get_all=True):
                    if j.status != "success":
                        print("--- trace of", j.name, j.status, j.failure_reason)
                        print(project.jobs.get(j.id).trace().decode()[-3000:])
            def first_pipeline(project, timeout=30):
                deadline = time.time() + patient(timeout)
                while time.time() < deadline:
                    ps = project.pipelines.list(get_all=True)
                    if ps:
                        return ps[-1]
                    time.sleep(0.1)
                raise SystemExit("no pipeline was created")
            def person(name):
                u = gl.users.create({"username": name, "name": name.title(), "email": name + "@example.com"})
                t = gl.http_post(f"/users/{u.id}/personal_access_tokens", post_data={"name": "t", "scopes": ["api"]})["token"]
                return u, t, gitlab.Gitlab(gl.url, private_token=t)

            """
        var env = ProcessInfo.processInfo.environment
        env["NO_PROXY"] = "*"
        let first = script.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
        let r = try Waiting.run(GantryProcess.repositoryRoot.appendingPathComponent(".venv/bin/python"), ["-c", prelude + script],
                                environment: env, waitingFor: "a python-gitlab script against \(url) (\(first.trimmingCharacters(in: .whitespaces).prefix(80)))")
        guard r.status == 0 else {
            throw ServerFailure(description: "python-gitlab script failed (\(r.status)):\n\(r.stdout)\n\(r.stderr)\nserver log:\n\(log)")
        }
        return r.stdout
    }

    /// Gives a project the test run's wheelhouse as CI/CD variables (`PIP_FIND_LINKS`,
    /// `PIP_NO_INDEX`), so that its pipelines' jobs install from there rather than from PyPI.
    public func useWheelhouse(_ projectPath: String) throws {
        let creations = Wheelhouse.variables.map { key, value in
            #"project.variables.create({"key": "\#(key)", "value": "\#(value)"})"#
        }
        guard !creations.isEmpty else { return }
        _ = try python("project = gl.projects.get(\"\(projectPath)\")\n" + creations.joined(separator: "\n"))
    }

    /// A git repository holding `files` (over a copy of `example`, when given), committed on main.
    public static func repository(files: [String: String] = [:], example: String? = nil) throws -> URL {
        let dir: URL
        if let example {
            dir = GantryProcess.scratchRoot.appendingPathComponent("repo-\(UUID().uuidString)")
            try copyExample(example, to: dir)
            for (path, text) in files {
                try text.write(to: dir.appendingPathComponent(path), atomically: true, encoding: .utf8)
            }
        } else {
            dir = try GantryProcess.project(files)
        }
        try GantryProcess.git(["init", "-q", "-b", "main"], in: dir)
        try GantryProcess.git(["add", "-A"], in: dir)
        try GantryProcess.git(["commit", "-q", "-m", "first"], in: dir)
        return dir
    }

    /// A copy of an example, without the `.gantry` state a local `gantry run` may have left.
    public static func copyExample(_ example: String, to dir: URL) throws {
        let source = GantryProcess.repositoryRoot.appendingPathComponent("examples/\(example)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name != ".gantry" {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
    }
}
