import Foundation
import Testing

/// A real `gantry server` on 127.0.0.1 (a free port), with a known root token and runner
/// registration token, stopped (SIGTERM) by `stop()`.
final class ServerProcess {
    static let rootToken = "glpat-test-root-token-0001"
    static let registrationToken = "test-registration-token"

    let data: URL
    let process: Process
    let url: String
    let output: URL

    /// `data`: reuse a data directory (a restart); a fresh one otherwise.
    init(data: URL? = nil, arguments: [String] = []) throws {
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
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: ready.path) {
            guard process.isRunning, Date() < deadline else {
                throw ServerFailure(description: "server did not start: \(try String(contentsOf: output, encoding: .utf8))")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        url = try String(contentsOf: ready, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct ServerFailure: Error, CustomStringConvertible { let description: String }

    var log: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    /// The git URL of a project with root's credentials.
    func gitURL(_ path: String, user: String = "root", token: String = ServerProcess.rootToken) -> String {
        url.replacingOccurrences(of: "http://", with: "http://\(user):\(token)@") + "/" + path + ".git"
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }

    /// Runs a python-gitlab script (from the project venv) against this server. The script gets
    /// `gl` (signed in as root) and `wait_for(pipeline)`; what it prints is returned.
    func python(_ script: String, timeout: TimeInterval = 300) throws -> String {
        let prelude = """
            import gitlab, json, sys, time, io, zipfile
            gl = gitlab.Gitlab("\(url)", private_token="\(ServerProcess.rootToken)")
            gl.auth()
            def wait_for(project, pipeline_id, statuses=("success", "failed", "canceled", "skipped", "manual"), timeout=240):
                deadline = time.time() + timeout
                while True:
                    p = project.pipelines.get(pipeline_id)
                    if p.status in statuses or time.time() > deadline:
                        return p
                    time.sleep(0.2)
            def failed_traces(project, pipeline):
                for j in pipeline.jobs.list(get_all=True):
                    if j.status != "success":
                        print("--- trace of", j.name, j.status, j.failure_reason)
                        print(project.jobs.get(j.id).trace().decode()[-3000:])
            def first_pipeline(project, timeout=30):
                deadline = time.time() + timeout
                while time.time() < deadline:
                    ps = project.pipelines.list(get_all=True)
                    if ps:
                        return ps[-1]
                    time.sleep(0.1)
                raise SystemExit("no pipeline was created")

            """
        let p = Process()
        p.executableURL = GantryProcess.repositoryRoot.appendingPathComponent(".venv/bin/python")
        p.arguments = ["-c", prelude + script]
        var env = ProcessInfo.processInfo.environment
        env["NO_PROXY"] = "*"
        p.environment = env
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-py-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errFile) }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = try FileHandle(forWritingTo: errFile)
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let err = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
        let printed = String(decoding: data, as: UTF8.self)
        guard p.terminationStatus == 0 else {
            throw ServerFailure(description: "python-gitlab script failed (\(p.terminationStatus)):\n\(printed)\n\(err)\nserver log:\n\(log)")
        }
        return printed
    }

    /// A git repository holding `files` (over a copy of `example`, when given), committed on main.
    static func repository(files: [String: String] = [:], example: String? = nil) throws -> URL {
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
    static func copyExample(_ example: String, to dir: URL) throws {
        let source = GantryProcess.repositoryRoot.appendingPathComponent("examples/\(example)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name != ".gantry" {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
    }
}
