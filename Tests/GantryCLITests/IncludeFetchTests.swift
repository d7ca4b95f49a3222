import Foundation
import GantryTestSupport
import Testing

/// `include: project`, `remote`, `template` and `component` read from real servers: a `gantry
/// server` hosting the projects (pushed with git), a second one serving templates, and a small
/// HTTP server for remote files. Messages are GitLab's (lib/gitlab/ci/config/external/file/*.rb,
/// app/services/ci/components/fetch_service.rb).
@Suite(.serialized) struct IncludeFetchTests {
    static let root = ServerProcess.rootToken

    /// A project on the server with these files on main (and more on other branches or tags).
    static func host(_ server: ServerProcess, _ path: String, _ files: [String: String]) throws -> URL {
        let name = String(path.split(separator: "/").last!)
        _ = try server.python(#"gl.projects.create({"name": "\#(name)"})"#)
        let repo = try ServerProcess.repository(files: files)
        try GantryProcess.git(["push", "-q", server.gitURL(path), "main"], in: repo)
        return repo
    }

    static func lint(_ dir: URL, _ arguments: [String] = [], environment: [String: String] = [:]) throws -> GantryProcess.Result {
        var env = ProcessInfo.processInfo.environment
        for key in ["GANTRY_SERVER", "CI_SERVER_URL", "GANTRY_TOKEN", "CI_JOB_TOKEN", "GANTRY_TEMPLATE_SOURCE"] { env[key] = nil }
        env.merge(environment) { $1 }
        return try GantryProcess.run(["lint"] + arguments, in: dir, environment: env)
    }

    @Test func projectFilesAreIncludedAsTheTokensUserMayReadThem() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let lib = try Self.host(server, "root/ci-lib", [
            "jobs/a.yml": "include: {local: jobs/nested.yml}\na:\n  script: [echo a]\n",
            "jobs/nested.yml": "nested:\n  script: [echo nested]\n",
            "jobs/b.yml": "b:\n  script: [echo b]\n",
            "jobs/empty.yml": "\n",
        ])
        try GantryProcess.git(["checkout", "-q", "-b", "v2"], in: lib)
        try "c:\n  script: [echo c]\n".write(to: lib.appendingPathComponent("jobs/c.yml"), atomically: true, encoding: .utf8)
        try GantryProcess.git(["add", "-A"], in: lib)
        try GantryProcess.git(["commit", "-q", "-m", "c"], in: lib)
        try GantryProcess.git(["push", "-q", server.gitURL("root/ci-lib"), "v2"], in: lib)

        let app = try GantryProcess.project([".gitlab-ci.yml": """
            include:
              - project: root/ci-lib
                file: /jobs/a.yml
              - project: root/ci-lib
                file: [jobs/b.yml]
              - {project: root/ci-lib, ref: v2, file: jobs/c.yml}
            own:
              script: [echo own]
            """])
        let config = try GantryProcess.run(["config", "--server", server.url, "--token", Self.root], in: app)
        #expect(config.status == 0, "\(config.stderr)")
        for job in ["\"a\"", "\"b\"", "\"c\"", "\"nested\"", "\"own\""] { #expect(config.stdout.contains(job), "\(config.stdout)") }
        // The same through the environment, as a job would have it.
        let env = try Self.lint(app, environment: ["CI_SERVER_URL": server.url, "GANTRY_TOKEN": Self.root])
        #expect(env.status == 0 && env.stdout.contains("valid"), "\(env.stderr)")

        let broken = try GantryProcess.project([".gitlab-ci.yml": """
            include:
              - {project: root/nothing, file: jobs/a.yml}
              - {project: root/ci-lib, ref: no-such-ref, file: jobs/a.yml}
              - {project: root/ci-lib, file: jobs/missing.yml}
              - {project: root/ci-lib, file: jobs/empty.yml}
            own:
              script: [echo own]
            """])
        let r = try Self.lint(broken, ["--server", server.url, "--token", Self.root])
        #expect(r.status == 1)
        #expect(r.stderr.contains(".gitlab-ci.yml:2:5: Project `root/nothing` not found or access denied! Make sure any includes in the pipeline configuration are correctly defined."), "\(r.stderr)")
        #expect(r.stderr.contains(".gitlab-ci.yml:3:5: Project `root/ci-lib` reference `no-such-ref` does not exist!"), "\(r.stderr)")
        #expect(r.stderr.contains(".gitlab-ci.yml:4:5: Project `root/ci-lib` file `jobs/missing.yml` does not exist!"), "\(r.stderr)")
        #expect(r.stderr.contains(".gitlab-ci.yml:5:5: Project `root/ci-lib` file `jobs/empty.yml` is empty!"), "\(r.stderr)")

        // Another user cannot read root's private project: the same answer as a missing one.
        let token = try server.python(#"_, t, _ = person("mallory"); print(t)"#).trimmingCharacters(in: .whitespacesAndNewlines)
        let denied = try Self.lint(app, ["--server", server.url, "--token", token])
        #expect(denied.status == 1)
        #expect(denied.stderr.contains("Project `root/ci-lib` not found or access denied!"), "\(denied.stderr)")
        // Without a server, the message says how to give one.
        let offline = try Self.lint(app)
        #expect(offline.stderr.contains("give --server URL and --token TOKEN"), "\(offline.stderr)")
    }

    @Test func remoteFilesHaveATimeoutASizeLimitAndAnIntegrityCheck() throws {
        let web = try FileServer()
        defer { web.stop() }
        let good = "remote-job:\n  script: [echo remote]\n"
        let digest = try FileServer.integrity(good)
        let app = try GantryProcess.project([".gitlab-ci.yml": """
            include:
              - remote: \(web.url)/files/good.yml
                integrity: \(digest)
              - \(web.url)/files/good.yml
            own:
              script: [echo own]
            """])
        let ok = try Self.lint(app)
        #expect(ok.status == 0 && ok.stdout.contains("valid"), "\(ok.stderr)")

        let bad = try GantryProcess.project([".gitlab-ci.yml": """
            include:
              - remote: \(web.url)/missing.yml
              - remote: \(web.url)/slow.yml
              - remote: \(web.url)/big.yml
              - remote: \(web.url)/files/good.yml
                integrity: sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
              - remote: http://127.0.0.1:1/closed.yml
            own:
              script: [echo own]
            """])
        let r = try Self.lint(bad, environment: ["GANTRY_INCLUDE_TIMEOUT": "1"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("Remote file `\(web.url)/missing.yml` could not be fetched because of HTTP code `404` error!"), "\(r.stderr)")
        #expect(r.stderr.contains("Remote file `\(web.url)/slow.yml` could not be fetched because of a timeout error!"), "\(r.stderr)")
        #expect(r.stderr.contains("Remote file `\(web.url)/big.yml` could not be fetched because of a size limit error!"), "\(r.stderr)")
        #expect(r.stderr.contains("Remote file `\(web.url)/files/good.yml` could not be fetched because of an integrity check error!"), "\(r.stderr)")
        #expect(r.stderr.contains("Remote file `http://127.0.0.1:1/closed.yml` could not be fetched because of a socket error!"), "\(r.stderr)")
    }

    @Test func aServerRefusesRemoteIncludesFromItsOwnNetworkUnlessAllowed() throws {
        let web = try FileServer()
        defer { web.stop() }
        let server = try ServerProcess()
        defer { server.stop() }
        let yaml = "include: \(web.url)/files/good.yml\nown:\n  script: [echo own]\n"
        _ = try Self.host(server, "root/ssrf", [".gitlab-ci.yml": yaml])
        let out = try server.python(#"""
            p = gl.projects.get("root/ssrf")
            pipeline = first_pipeline(p)
            print("status", pipeline.status)
            print("errors", pipeline.yaml_errors if hasattr(pipeline, "yaml_errors") else "")
            r = p.ci_lint.get()
            print("lint", r.valid, r.errors)
            """#)
        #expect(out.contains("lint False"), "\(out)")
        #expect(out.contains("Remote file could not be fetched because URL is blocked: Requests to localhost are not allowed!"), "\(out)")
        #expect(web.requests == 0, "the server fetched from the loopback address")

        let allowed = try ServerProcess(arguments: ["--remote-include-host", "127.0.0.1:\(web.port)"])
        defer { allowed.stop() }
        _ = try Self.host(allowed, "root/ssrf", [".gitlab-ci.yml": yaml])
        let ok = try allowed.python(#"r = gl.projects.get("root/ssrf").ci_lint.get(include_jobs=True); print("lint", r.valid, sorted(j["name"] for j in r.jobs))"#)
        #expect(ok.contains("lint True ['own', 'remote-job']"), "\(ok)")
    }

    @Test func templatesComeFromATemplateSource() throws {
        let templates = GantryProcess.scratchRoot.appendingPathComponent("templates-\(UUID().uuidString)/Custom")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try "hello-from-template:\n  script: [echo hello]\n".write(to: templates.appendingPathComponent("Hello.gitlab-ci.yml"), atomically: true, encoding: .utf8)
        let source = try ServerProcess(arguments: ["--ci-templates", templates.deletingLastPathComponent().path])
        defer { source.stop() }
        let app = try GantryProcess.project([".gitlab-ci.yml": """
            include:
              - template: Custom/Hello.gitlab-ci.yml
            own:
              script: [echo own]
            broken:
              when: sometimes
              script: [echo broken]
            """])
        // Without a source: the include is named, how to configure one is said, and the rest is checked.
        let r = try Self.lint(app)
        #expect(r.status == 1)
        #expect(r.stderr.contains("Included file `Custom/Hello.gitlab-ci.yml` is empty or does not exist! (no template source is configured: give --template-source URL or set GANTRY_TEMPLATE_SOURCE"), "\(r.stderr)")
        #expect(r.stderr.contains(".gitlab-ci.yml:6:9: jobs:broken when should be one of"), "the rest of the file was not checked: \(r.stderr)")

        try FileManager.default.removeItem(at: app.appendingPathComponent(".gitlab-ci.yml"))
        try "include:\n  - template: Custom/Hello.gitlab-ci.yml\n  - template: Python.gitlab-ci.yml\nown:\n  script: [echo own]\n"
            .write(to: app.appendingPathComponent(".gitlab-ci.yml"), atomically: true, encoding: .utf8)
        let config = try GantryProcess.run(["config", "--template-source", source.url], in: app)
        #expect(config.status == 0, "\(config.stderr)")
        #expect(config.stdout.contains("hello-from-template"), "\(config.stdout)")
        let env = try Self.lint(app, environment: ["GANTRY_TEMPLATE_SOURCE": source.url])
        #expect(env.status == 0, "\(env.stderr)")
        // The endpoint itself, as python-gitlab reads it.
        let listed = try source.python(#"print(sorted(t.key for t in gl.gitlabciymls.list(get_all=True))); print(gl.gitlabciymls.get("Custom/Hello").content.splitlines()[0])"#)
        #expect(listed.contains("'Custom/Hello'") && listed.contains("'Python'"), "\(listed)")
        #expect(listed.contains("hello-from-template:"), "\(listed)")
    }

    @Test func componentsResolveTagsLatestPartialVersionsAndSHAs() throws {
        let server = try ServerProcess(arguments: ["--runner", "--executor", "shell", "--runner-concurrency", "1"])
        defer { server.stop() }
        func component(_ version: String) -> String { "hello-\(version):\n  script: [echo hello \(version)]\n" }
        let repo = try Self.host(server, "root/components", ["templates/hello.yml": component("1.0.0"),
                                                             "templates/greet/template.yml": "greet:\n  script: [echo greet]\n"])
        try GantryProcess.git(["tag", "1.0.0"], in: repo)
        let first = try GantryProcess.gitOutput(["rev-parse", "HEAD"], in: repo)
        for version in ["1.1.0", "2.0.0-rc.1"] {
            try component(version).write(to: repo.appendingPathComponent("templates/hello.yml"), atomically: true, encoding: .utf8)
            try GantryProcess.git(["commit", "-q", "-am", version], in: repo)
            try GantryProcess.git(["tag", version], in: repo)
        }
        try GantryProcess.git(["push", "-q", "--tags", server.gitURL("root/components"), "main"], in: repo)

        let cases = [("1.0.0", "hello-1.0.0"), ("~latest", "hello-1.1.0"), ("1", "hello-1.1.0"), ("1.1", "hello-1.1.0"),
                     (first, "hello-1.0.0"), ("2.0.0-rc.1", "hello-2.0.0-rc.1")]
        for (version, job) in cases {
            let app = try GantryProcess.project([".gitlab-ci.yml": """
                include:
                  - component: $CI_SERVER_FQDN/root/components/hello@\(version)
                  - component: $CI_SERVER_FQDN/root/components/greet@main
                """])
            let r = try GantryProcess.run(["config", "--server", server.url, "--token", Self.root], in: app)
            #expect(r.status == 0, "@\(version): \(r.stderr)")
            #expect(r.stdout.contains("\"\(job)\"") && r.stdout.contains("\"greet\""), "@\(version): \(r.stdout)")
        }
        let missing = try GantryProcess.project([".gitlab-ci.yml": """
            include:
              - component: $CI_SERVER_FQDN/root/components/nothing@1.0.0
              - component: $CI_SERVER_FQDN/root/elsewhere/hello@1.0.0
              - component: gitlab.com/components/opentofu/full-pipeline@1.0.0
            """])
        let r = try Self.lint(missing, ["--server", server.url, "--token", Self.root])
        let fqdn = server.url.replacingOccurrences(of: "http://", with: "")
        #expect(r.stderr.contains("Component '\(fqdn)/root/components/nothing@1.0.0' - content not found"), "\(r.stderr)")
        #expect(r.stderr.contains("Component '\(fqdn)/root/elsewhere/hello@1.0.0' - project does not exist or you don't have sufficient permissions"), "\(r.stderr)")
        #expect(r.stderr.contains("Component 'gitlab.com/components/opentofu/full-pipeline@1.0.0' - the component path is not supported"), "\(r.stderr)")

        // On the server: a consumer project's pipeline runs the component's job.
        _ = try Self.host(server, "root/consumer", [".gitlab-ci.yml": "include:\n  - component: $CI_SERVER_FQDN/root/components/hello@~latest\n"])
        let out = try server.python(#"""
            p = gl.projects.get("root/consumer")
            pipeline = wait_for(p, first_pipeline(p).id)
            print("pipeline", pipeline.status, [(j.name, j.status) for j in pipeline.jobs.list(get_all=True)])
            """#)
        #expect(out.contains("pipeline success [('hello-1.1.0', 'success')]"), "\(out)")
    }

    @Test func aPipelineOfRemoteAndProjectIncludesRunsTheSameHereAndOnTheServer() throws {
        let web = try FileServer()
        defer { web.stop() }
        let server = try ServerProcess(arguments: ["--runner", "--executor", "shell", "--runner-concurrency", "1",
                                                   "--remote-include-host", "127.0.0.1:\(web.port)"])
        defer { server.stop() }
        _ = try server.python(#"gl.projects.create({"name": "shared", "visibility": "public"})"#)
        let shared = try ServerProcess.repository(files: ["ci/build.yml": "build:\n  stage: build\n  script: [echo built-by-project-file]\n",
                                                          "ci/test.yml": "test:\n  stage: test\n  script: [echo tested-by-project-file]\n"])
        try GantryProcess.git(["push", "-q", server.gitURL("root/shared"), "main"], in: shared)
        let yaml = """
            include:
              - project: root/shared
                file: [ci/build.yml, ci/test.yml]
              - remote: \(web.url)/files/good.yml
            """
        let app = try Self.host(server, "root/app", [".gitlab-ci.yml": yaml])
        let local = try GantryProcess.run(["run", "--server", server.url, "--token", Self.root], in: app)
        #expect(local.status == 0, "\(local.stdout)\(local.stderr)")
        let plan = try GantryProcess.run(["plan", "--server", server.url, "--token", Self.root], in: app)
        #expect(plan.status == 0, "\(plan.stderr)")
        let out = try server.python(#"""
            p = gl.projects.get("root/app")
            pipeline = wait_for(p, first_pipeline(p).id)
            jobs = sorted(pipeline.jobs.list(get_all=True), key=lambda j: j.name)
            print("pipeline", pipeline.status, [(j.name, j.stage, j.status) for j in jobs])
            for j in jobs:
                print("trace", j.name, "built-by-project-file" in p.jobs.get(j.id).trace().decode(), "tested-by-project-file" in p.jobs.get(j.id).trace().decode())
            """#)
        #expect(out.contains("pipeline success [('build', 'build', 'success'), ('remote-job', 'test', 'success'), ('test', 'test', 'success')]"), "\(out)")
        for job in ["build", "test", "remote-job"] {
            #expect(local.stdout.contains(job), "\(local.stdout)")
            #expect(plan.stdout.contains(job), "\(plan.stdout)")
        }
        #expect(try GantryProcess.jobLog(app, "build").contains("built-by-project-file"))
        #expect(try GantryProcess.jobLog(app, "test").contains("tested-by-project-file"))
        #expect(out.contains("trace build True False") && out.contains("trace test False True"), "\(out)")
    }
}

/// A small HTTP server (Python's http.server) for remote includes: `/files/good.yml`, `/slow.yml`
/// (answers after 5 s), `/big.yml` (3 MiB), 404 for anything else; it counts the requests.
final class FileServer {
    let process = Process()
    let port: Int
    let folder: URL
    var url: String { "http://127.0.0.1:\(port)" }

    static let script = #"""
        import http.server, signal, sys, time, os
        # The test process blocks SIGTERM in its threads and a child inherits the mask: unblock it so stop() works.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
        folder = sys.argv[1]
        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass
            def do_GET(self):
                with open(os.path.join(folder, "requests"), "a") as f:
                    f.write(self.path + "\n")
                if self.path == "/files/good.yml":
                    body = b"remote-job:\n  script: [echo remote]\n"
                elif self.path == "/big.yml":
                    body = b"# padding\n" * (300 * 1024)
                elif self.path == "/slow.yml":
                    time.sleep(5)
                    body = b"slow:\n  script: [echo slow]\n"
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except Exception:
                    pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        with open(os.path.join(folder, "port.tmp"), "w") as f:
            f.write(str(server.server_address[1]))
        os.rename(os.path.join(folder, "port.tmp"), os.path.join(folder, "port"))
        server.serve_forever()
        """#

    init() throws {
        folder = GantryProcess.scratchRoot.appendingPathComponent("web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", Self.script, folder.path]
        try process.run()
        let portFile = folder.appendingPathComponent("port")
        let deadline = Date().addingTimeInterval(Waiting.patient(10))
        while !FileManager.default.fileExists(atPath: portFile.path) {
            guard process.isRunning, Date() < deadline else { throw ServerProcess.ServerFailure(description: "the file server did not start") }
            Thread.sleep(forTimeInterval: 0.05)
        }
        port = Int(try String(contentsOf: portFile, encoding: .utf8)) ?? 0
    }

    /// Requests served so far.
    var requests: Int {
        ((try? String(contentsOf: folder.appendingPathComponent("requests"), encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }

    /// `sha256-<base64>` of a text, computed by openssl as a user would.
    static func integrity(_ text: String) throws -> String {
        let file = GantryProcess.scratchRoot.appendingPathComponent("integrity-\(UUID().uuidString)")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let r = try Waiting.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "openssl dgst -sha256 -binary '\(file.path)' | openssl base64 -A"],
                                waitingFor: "openssl")
        return "sha256-" + r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension GantryProcess {
    /// What a git command prints, trimmed.
    static func gitOutput(_ args: [String], in dir: URL) throws -> String {
        let r = try Waiting.run(URL(fileURLWithPath: "/usr/bin/git"), args, in: dir, waitingFor: "git \(args.joined(separator: " "))")
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
