import Foundation
import GantryTestSupport
import Testing

/// `gantry pipelines` (issue 15 item 4) against a real server with its in-process runner: a group
/// of projects in two subgroups with green, failed, running and manual pipelines, read once, as
/// JSON, through GitLab's standard endpoints, through a python-gitlab config, and watched through
/// a push and a server restart.
@Suite(.serialized) struct PipelinesCommandTests {
    /// The environment of a user with no GitLab settings: no GITLAB_URL, no python-gitlab config.
    static func cleanEnvironment(_ extra: [String: String] = [:]) throws -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["GITLAB_URL", "GITLAB_TOKEN", "PYTHON_GITLAB_CFG", "NO_COLOR"] { env[key] = nil }
        let home = GantryProcess.scratchRoot.appendingPathComponent("home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        env["HOME"] = home.path
        env["XDG_CONFIG_HOME"] = home.path + "/.config"
        return env.merging(extra) { $1 }
    }

    static func pipelines(_ server: ServerProcess, _ arguments: [String], token: String = ServerProcess.rootToken) throws -> GantryProcess.Result {
        try GantryProcess.run(["pipelines", "--url", server.url, "--token", token] + arguments, environment: try cleanEnvironment())
    }

    /// The rows of the table: status word and project path.
    static func rows(_ table: String) -> [(status: String, project: String)] {
        table.split(separator: "\n").dropFirst().map { line in
            let words = line.split(separator: " ")
            return (String(words[0]), String(words[1]))
        }
    }

    /// fleet/web and fleet/libs/docs green, fleet/apps/api failed, fleet/libs/core waiting on a blocking
    /// manual job, fleet/apps/worker running; all public but fleet/libs/secret, which has no pipeline.
    /// Returns bob's token: a user who is no member of the group.
    static func makeFleet(_ server: ServerProcess) throws -> String {
        let out = try server.python("""
            g = gl.groups.create({"name": "fleet", "path": "fleet", "visibility": "public"})
            apps = gl.groups.create({"name": "apps", "path": "apps", "parent_id": g.id, "visibility": "public"})
            libs = gl.groups.create({"name": "libs", "path": "libs", "parent_id": g.id, "visibility": "public"})
            def project(ns, name, ci, visibility="public"):
                p = gl.projects.create({"name": name, "namespace_id": ns.id, "visibility": visibility})
                if ci:
                    p.files.create({"file_path": ".gitlab-ci.yml", "branch": "main", "content": ci, "commit_message": "ci"})
                return p
            done = [project(g, "web", "build:\\n  script: [echo built]\\n"),
                    project(apps, "api", "test:\\n  script: [echo broken, exit 1]\\n"),
                    project(libs, "core", "deploy:\\n  when: manual\\n  allow_failure: false\\n  script: [echo deployed]\\n"),
                    project(libs, "docs", "pages:\\n  script: [echo pages]\\n")]
            project(libs, "secret", None, visibility="private")
            for p in done:
                print(p.path, wait_for(p, first_pipeline(p).id).status)
            worker = project(apps, "worker", "serve:\\n  script: [sleep 600]\\n")
            print(worker.path, wait_for(worker, first_pipeline(worker).id, statuses=("running",)).status)
            bob, token, _ = person("bob")
            print("token", token)
            """)
        for expected in ["web success", "api failed", "core manual", "docs success", "worker running"] {
            #expect(out.contains(expected), "\(out)")
        }
        return String(out.split(separator: "\n").first { $0.hasPrefix("token ") }!.dropFirst(6))
    }

    @Test func aGroupOnceAsJSONThroughTheStandardAPIAndAsAnotherUser() throws {
        let server = try ServerProcess(arguments: ["--runner"])
        defer { server.stop() }
        let bobToken = try Self.makeFleet(server)

        // Failing first, then running, manual, green by path; the project without pipelines last.
        let once = try Self.pipelines(server, ["--group", "fleet", "--timezone", "Asia/Tokyo"])
        #expect(once.status == 1, "a failed pipeline: exit 1\n\(once.stdout)\(once.stderr)")
        #expect(Self.rows(once.stdout).map { "\($0.status) \($0.project)" } == [
            "failed fleet/apps/api", "running fleet/apps/worker", "manual fleet/libs/core", "success fleet/libs/docs",
            "success fleet/web", "none fleet/libs/secret",
        ], "\(once.stdout)")
        #expect(once.stdout.hasPrefix("STATUS "), "\(once.stdout)")
        #expect(once.stdout.contains("WHEN (Asia/Tokyo)"))
        #expect(!once.stdout.contains("\u{1B}["), "no colour when the output is not a terminal")
        let apiLine = once.stdout.split(separator: "\n").first { $0.contains("fleet/apps/api") } ?? ""
        #expect(apiLine.contains(" main ") && apiLine.contains(" root ") && apiLine.contains("/fleet/apps/api/-/pipelines/"), "\(apiLine)")

        // On a terminal (script(1) gives it one) the status words are coloured, unless NO_COLOR is set.
        let command = [GantryProcess.binary.path, "pipelines", "--group", "fleet", "--url", server.url, "--token", ServerProcess.rootToken]
        for noColour in [false, true] {
            let tty = try Waiting.run(URL(fileURLWithPath: "/usr/bin/script"), ["-q", "-c", command.joined(separator: " "), "/dev/null"],
                                      environment: try Self.cleanEnvironment(noColour ? ["NO_COLOR": "1"] : [:]),
                                      waitingFor: "gantry pipelines on a terminal")
            #expect(tty.stdout.contains("\u{1B}[31mfailed") == !noColour, "NO_COLOR=\(noColour): \(tty.stdout)")
            #expect(tty.stdout.contains("fleet/apps/api"), "\(tty.stdout)")
        }

        // --watch on a terminal redraws in place: home and clear, a title, the table; Ctrl-C after a while.
        let redraw = try Waiting.run(URL(fileURLWithPath: "/usr/bin/script"),
                                     ["-q", "-c", "timeout -s INT 8 " + command.joined(separator: " ") + " --watch --interval 0.5", "/dev/null"],
                                     environment: try Self.cleanEnvironment(), waitingFor: "gantry pipelines --watch on a terminal")
        #expect(redraw.stdout.contains("\u{1B}[H\u{1B}[2Jgroup fleet on \(server.url), every 0.5s"), "\(redraw.stdout)")
        #expect(redraw.stdout.contains("\u{1B}[31mfailed"), "\(redraw.stdout)")

        // JSON: the same order; the extension and GitLab's standard endpoints give the same answer.
        let json = try Self.pipelines(server, ["--group", "fleet", "--json"])
        #expect(json.status == 1)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(parsed.map { ($0["pipeline"] as? [String: Any])?["status"] as? String ?? "none" }
                == ["failed", "running", "manual", "success", "success", "none"], "\(json.stdout)")
        #expect(parsed.compactMap { ($0["pipeline"] as? [String: Any])?["user"] as? String }.allSatisfy { $0 == "root" })
        let standard = try Self.pipelines(server, ["--group", "fleet", "--json", "--standard-api"])
        #expect(standard.status == 1)
        #expect(standard.stdout == json.stdout, "extension:\n\(json.stdout)\nstandard API:\n\(standard.stdout)")

        // --status narrows the rows; the exit status follows what is shown.
        let green = try Self.pipelines(server, ["--group", "fleet", "--status", "success"])
        #expect(green.status == 0, "\(green.stdout)\(green.stderr)")
        #expect(Self.rows(green.stdout).map(\.project) == ["fleet/libs/docs", "fleet/web"])

        // Someone outside the group sees its public projects, never the private one, either way.
        for extra in [[], ["--standard-api"]] {
            let bob = try Self.pipelines(server, ["--group", "fleet"] + extra, token: bobToken)
            #expect(bob.status == 1, "\(bob.stdout)\(bob.stderr)")
            #expect(Self.rows(bob.stdout).count == 5 && !bob.stdout.contains("secret"), "\(extra): \(bob.stdout)")
        }
        // An attacker guessing ids: the extension answers a private group's 404 like GitLab's group routes.
        let hidden = try server.python("""
            import requests
            _, token, _ = person("mallory")
            private = gl.groups.create({"name": "vault", "path": "vault", "visibility": "private"})
            r = requests.get(f"{gl.url}/api/v4/gantry/groups/{private.id}/latest_pipelines", headers={"PRIVATE-TOKEN": token})
            print(r.status_code, r.text)
            """)
        #expect(hidden.hasPrefix("404"), "\(hidden)")

        // A python-gitlab config: its default section, or the one --gitlab names.
        let config = try ServerAPIShapeTests.clientConfig(server)
        let bobSection = "\n[as-bob]\nurl = \(server.url)/\nprivate_token = \(bobToken)\n"
        try (try String(contentsOf: config, encoding: .utf8) + bobSection).write(to: config, atomically: true, encoding: .utf8)
        let env = try Self.cleanEnvironment(["PYTHON_GITLAB_CFG": config.path])
        let viaConfig = try GantryProcess.run(["pipelines", "--group", "fleet"], environment: env)
        #expect(viaConfig.status == 1 && Self.rows(viaConfig.stdout).count == 6, "\(viaConfig.stdout)\(viaConfig.stderr)")
        let viaSection = try GantryProcess.run(["pipelines", "--group", "fleet", "--gitlab", "as-bob"], environment: env)
        #expect(viaSection.status == 1 && Self.rows(viaSection.stdout).count == 5, "\(viaSection.stdout)\(viaSection.stderr)")
        let missing = try GantryProcess.run(["pipelines", "--group", "fleet", "--gitlab", "nowhere"], environment: env)
        #expect(missing.status == 2 && missing.stderr.contains("no section [nowhere]"), "\(missing.stdout)\(missing.stderr)")

        // Usage and connection errors: exit 2 with a message that says what to fix.
        let zone = try Self.pipelines(server, ["--group", "fleet", "--timezone", "Mars/Olympus"])
        #expect(zone.status == 2 && zone.stderr.contains("unknown time zone 'Mars/Olympus'"), "\(zone.stdout)\(zone.stderr)")
        let noGroup = try Self.pipelines(server, ["--group", "nosuch"])
        #expect(noGroup.status == 2 && noGroup.stderr.contains("group nosuch not found"), "\(noGroup.stdout)\(noGroup.stderr)")
        let noServer = try GantryProcess.run(["pipelines", "--group", "fleet"], environment: try Self.cleanEnvironment())
        #expect(noServer.status == 2 && noServer.stderr.contains("no server: give --url URL"), "\(noServer.stdout)\(noServer.stderr)")
        let down = try GantryProcess.run(["pipelines", "--group", "fleet", "--url", "http://127.0.0.1:9"], environment: try Self.cleanEnvironment())
        #expect(down.status == 2 && down.stderr.contains("cannot reach http://127.0.0.1:9"), "\(down.stdout)\(down.stderr)")
    }

    /// Watching without a terminal: one line per project, then one per change, through a push that
    /// fixes a failing project and through a server restart.
    @Test func watchPrintsStatusChangesThroughAPushAndARestart() throws {
        var server = try ServerProcess(arguments: ["--runner"])
        defer { server.stop() }
        _ = try server.python("""
            g = gl.groups.create({"name": "watched", "path": "watched"})
            gl.projects.create({"name": "steady", "namespace_id": g.id})
            gl.projects.create({"name": "flaky", "namespace_id": g.id})
            """)
        let ok = "job:\n  script: [echo ok]\n"
        let steady = try ServerProcess.repository(files: [".gitlab-ci.yml": ok])
        try GantryProcess.git(["push", "-q", server.gitURL("watched/steady"), "main"], in: steady)
        let flaky = try ServerProcess.repository(files: [".gitlab-ci.yml": "job:\n  script: [exit 1]\n"])
        try GantryProcess.git(["push", "-q", server.gitURL("watched/flaky"), "main"], in: flaky)
        _ = try server.python("""
            for path in ["watched/steady", "watched/flaky"]:
                p = gl.projects.get(path)
                print(path, wait_for(p, first_pipeline(p).id).status)
            """)

        let output = GantryProcess.scratchRoot.appendingPathComponent("watch-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: output.path + ".out", contents: nil)
        FileManager.default.createFile(atPath: output.path + ".err", contents: nil)
        let watch = Process()
        watch.executableURL = GantryProcess.binary
        watch.arguments = ["pipelines", "--group", "watched", "--watch", "--interval", "0.5", "--timezone", "UTC",
                           "--url", server.url, "--token", ServerProcess.rootToken]
        watch.environment = try Self.cleanEnvironment()
        watch.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output.path + ".out"))
        watch.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: output.path + ".err"))
        try watch.run()
        defer { if watch.isRunning { watch.terminate() } }
        func text(_ suffix: String) -> String { (try? String(contentsOfFile: output.path + suffix, encoding: .utf8)) ?? "" }
        func expectShown(_ what: String, in suffix: String = ".out", _ holds: (String) -> Bool) {
            Waiting.say("waiting for the watch to show \(what)")
            let seen = Waiting.until(60, every: 0.2) { holds(text(suffix)) }
            #expect(seen, "the watch never showed \(what):\n\(text(".out"))\n\(text(".err"))")
        }

        expectShown("every project once") { $0.contains("watched/flaky failed ref=main") && $0.contains("watched/steady success ref=main") }
        let first = text(".out").split(separator: "\n")
        #expect(first.first?.contains("watched/flaky failed") == true, "failing first: \(first)")

        // The fix is pushed: a new pipeline, reported as a change from failed, then its success.
        try "job:\n  script: [echo fixed]\n".write(to: flaky.appendingPathComponent(".gitlab-ci.yml"), atomically: true, encoding: .utf8)
        try GantryProcess.git(["commit", "-qam", "fix"], in: flaky)
        try GantryProcess.git(["push", "-q", server.gitURL("watched/flaky"), "main"], in: flaky)
        expectShown("the pushed pipeline replacing the failed one") { $0.contains("watched/flaky failed -> ") }
        expectShown("the fixed pipeline's success") { $0.range(of: #"watched/flaky \w+ -> success"#, options: .regularExpression) != nil }
        #expect(!text(".out").split(separator: "\n").contains { $0.contains("watched/steady") && $0.contains("->") },
                "an unchanged project gets no line: \(text(".out"))")

        // The server goes away: a note, and the watch keeps going; back on the same port, it says so.
        let port = String(server.url.split(separator: ":").last!)
        server.stop()
        expectShown("a note that the server cannot be reached", in: ".err") { $0.contains("cannot reach \(server.url)") }
        #expect(watch.isRunning)
        server = try ServerProcess(data: server.data, arguments: ["--runner", "--listen", "127.0.0.1:\(port)"])
        expectShown("that the server answers again", in: ".err") { $0.contains("the server answers again") }

        // Ctrl-C: the status of the last refresh, here all green.
        watch.interrupt()
        watch.waitUntilExit()
        #expect(watch.terminationStatus == 0, "\(text(".err"))")
    }
}
