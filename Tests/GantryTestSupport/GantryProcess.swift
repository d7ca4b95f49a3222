import Foundation

/// Runs the real `gantry` binary, as scripts and users do.
public struct GantryProcess {
    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `GANTRY_BIN` (set by `make test`), else the `gantry` next to the test bundle (`swift test
    /// --scratch-path DIR` builds both into DIR/debug), else the debug build next to the sources.
    public static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["GANTRY_BIN"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let runner = URL(fileURLWithPath: CommandLine.arguments.first ?? "").standardizedFileURL
        for directory in [runner.deletingLastPathComponent(), runner.deletingLastPathComponent().deletingLastPathComponent()] {
            let candidate = directory.appendingPathComponent("gantry")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return repositoryRoot.appendingPathComponent(".build/debug/gantry")
    }()

    /// This test process's scratch folder, `gantry-cli-tests/<pid>`: test runs side by side (two
    /// checkouts, an engineer and CI) must not delete each other's servers' data. Folders of
    /// processes that are gone are removed, and this one goes when the test process exits (over
    /// 100 MB of servers, venvs and workspaces) unless `GANTRY_KEEP_TEST_SCRATCH=1` keeps it for
    /// a look after a failure.
    public static let scratchRoot: URL = {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-cli-tests")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? [] {
            if let pid = Int32(name), kill(pid, 0) == 0 { continue }
            try? FileManager.default.removeItem(at: base.appendingPathComponent(name))
        }
        let root = base.appendingPathComponent(String(ProcessInfo.processInfo.processIdentifier))
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { GantryProcess.removeScratch() }
        return root
    }()

    public static func removeScratch() {
        if ProcessInfo.processInfo.environment["GANTRY_KEEP_TEST_SCRATCH"] == "1" {
            Waiting.say("kept \(scratchRoot.path) (GANTRY_KEEP_TEST_SCRATCH=1)")
            return
        }
        try? FileManager.default.removeItem(at: scratchRoot)
        Waiting.say("removed \(scratchRoot.path); GANTRY_KEEP_TEST_SCRATCH=1 keeps it")
    }

    /// `environment` (else this test process's own) with `GANTRY_EXECUTOR=shell` unless it names
    /// an executor: the suites' jobs run Python and git on this host, whether or not a container
    /// engine answers here (`gantry run` would pick Docker then). An empty value leaves the choice
    /// to `gantry run`.
    public static func environment(_ given: [String: String]? = nil) -> [String: String] {
        var environment = given ?? ProcessInfo.processInfo.environment
        if environment["GANTRY_EXECUTOR"] == nil { environment["GANTRY_EXECUTOR"] = "shell" }
        return environment
    }

    /// Runs gantry to its end; a run that takes minutes says so every 30 s (`Waiting`).
    /// `environment` replaces the test process's own when given; see `environment(_:)`.
    public static func run(_ arguments: [String], in directory: URL = repositoryRoot,
                           environment: [String: String]? = nil) throws -> Result {
        // Named by what tells runs apart: no summary file, no wheelhouse variables.
        var shown: [String] = []
        var skip = false
        for (i, argument) in arguments.enumerated() {
            if skip { skip = false; continue }
            let next = i + 1 < arguments.count ? arguments[i + 1] : ""
            if argument == "--json-summary" || (argument == "--variable" && next.hasPrefix("PIP_")) { skip = true; continue }
            shown.append(argument)
        }
        let what = "gantry " + shown.joined(separator: " ").prefix(150) + " (in \(directory.lastPathComponent))"
        let r = try Waiting.run(binary, arguments, in: directory, environment: GantryProcess.environment(environment),
                                waitingFor: what)
        return Result(status: r.status, stdout: r.stdout, stderr: r.stderr)
    }

    /// Starts gantry and returns at once, for a test that interrupts or kills it or runs two side
    /// by side; its output goes to `output` (nowhere by default).
    public static func start(_ arguments: [String], in directory: URL, output: Any = FileHandle.nullDevice) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment()
        process.currentDirectoryURL = directory
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return process
    }

    /// The latest log of `job` that `gantry run` wrote under the checkout `dir`.
    public static func jobLog(_ dir: URL, _ job: String) throws -> String {
        let logs = dir.appendingPathComponent(".gantry/pipelines")
        let walker = FileManager.default.enumerator(atPath: logs.path)
        var found: [String] = []
        while let p = walker?.nextObject() as? String {
            if p.contains("/logs/") && p.hasSuffix("-\(job).log") { found.append(p) }
        }
        guard let latest = found.sorted().last else { throw GitFailure(description: "no log for \(job) under \(logs.path)") }
        return String(decoding: FileManager.default.contents(atPath: logs.appendingPathComponent(latest).path) ?? Data(), as: UTF8.self)
    }

    /// Runs git in `dir` as a throwaway identity (no signing, whatever the user's config says);
    /// a failing git command throws with its output.
    public static func git(_ args: [String], in dir: URL) throws {
        let r = try Waiting.run(URL(fileURLWithPath: "/usr/bin/env"),
                                ["git", "-C", dir.path, "-c", "user.name=t", "-c", "user.email=t@example.com",
                                 "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"] + args,
                                waitingFor: "git \(args.joined(separator: " ").prefix(100))")
        guard r.status == 0 else { throw GitFailure(description: "git \(args) failed (\(r.status)): \(r.output)") }
    }

    /// `git status --porcelain` of a checkout, untracked files included: empty when nothing in it
    /// changed.
    public static func gitStatus(_ dir: URL) throws -> String {
        try Waiting.run(URL(fileURLWithPath: "/usr/bin/env"), ["git", "-C", dir.path, "status", "--porcelain", "--untracked-files=all"],
                        waitingFor: "git status of \(dir.lastPathComponent)").stdout
    }

    public struct GitFailure: Error, CustomStringConvertible { public let description: String }

    /// A scratch project directory holding the given files, under one folder per test run
    /// (`scratchRoot`) that the next run clears.
    public static func project(_ files: [String: String]) throws -> URL {
        let dir = scratchRoot.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }
}
