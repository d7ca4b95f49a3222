import Foundation
import GantryTestSupport
import Testing

/// Small real Python projects, written into scratch folders.
enum PythonProjects {
    static let module = """
    \"\"\"Greetings.\"\"\"


    def greet(name: str) -> str:
        \"\"\"Return a greeting for ``name``.\"\"\"
        return f"Hello, {name}!"

    """

    static let unittestTest = """
    \"\"\"Tests of greet.\"\"\"

    import unittest

    from greet import greet


    class GreetTest(unittest.TestCase):
        \"\"\"greet() greets.\"\"\"

        def test_greet(self) -> None:
            \"\"\"It names the person.\"\"\"
            self.assertEqual(greet("Ada"), "Hello, Ada!")


    if __name__ == "__main__":
        unittest.main()

    """

    /// setuptools, src layout, unittest.
    static let setuptools: [String: String] = [
        "pyproject.toml": """
        [build-system]
        requires = ["setuptools>=64"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "greet"
        version = "0.1.0"
        description = "Greets people"
        requires-python = ">=3.9"

        """,
        "src/greet/__init__.py": module,
        "tests/test_greet.py": unittestTest,
    ]

    /// Poetry, flat layout, unittest; resolves through a PEP 503 simple index (PyPI's JSON API is
    /// not reachable from every network).
    static let poetry: [String: String] = [
        "pyproject.toml": """
        [tool.poetry]
        name = "greet"
        version = "0.1.0"
        description = "Greets people"
        authors = ["Gantry tests <tests@gantry.invalid>"]

        [tool.poetry.dependencies]
        python = "^3.9"

        [[tool.poetry.source]]
        name = "index"
        url = "https://pypi.org/simple/"
        priority = "primary"

        [build-system]
        requires = ["poetry-core>=1.0.0"]
        build-backend = "poetry.core.masonry.api"

        """,
        "greet/__init__.py": module,
        "tests/test_greet.py": unittestTest,
    ]

    /// setuptools, src layout, pytest (a fixture, so the tests import it) from the `test` extra.
    static let pytest: [String: String] = [
        "pyproject.toml": """
        [build-system]
        requires = ["setuptools>=64"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "greet"
        version = "0.1.0"
        description = "Greets people"
        requires-python = ">=3.9"

        [project.optional-dependencies]
        test = ["pytest>=8"]

        """,
        "src/greet/__init__.py": module,
        "tests/test_greet.py": """
        \"\"\"Tests of greet.\"\"\"

        import pytest

        from greet import greet


        @pytest.fixture(name="person")
        def fixture_person() -> str:
            \"\"\"The person to greet.\"\"\"
            return "Ada"


        def test_greet(person: str) -> None:
            \"\"\"It names the person.\"\"\"
            assert greet(person) == "Hello, Ada!"

        """,
    ]

    /// uv (`uv_build`), src layout, pytest in the dev dependency group.
    static let uv: [String: String] = [
        "pyproject.toml": """
        [project]
        name = "greet"
        version = "0.1.0"
        description = "Greets people"
        requires-python = ">=3.9"

        [dependency-groups]
        dev = ["pytest>=8"]

        [build-system]
        requires = ["uv_build>=0.9,<0.14"]
        build-backend = "uv_build"

        """,
        "src/greet/__init__.py": module,
        "tests/test_greet.py": unittestTest,
    ]
}

/// `gantry init`: what it detects and writes, and what it refuses.
struct InitTests {
    func initialize(_ files: [String: String], _ args: [String] = []) throws -> (GantryProcess.Result, URL, String) {
        let dir = try GantryProcess.project(files)
        let r = try GantryProcess.run(["init"] + args, in: dir)
        let written = FileManager.default.contents(atPath: dir.appendingPathComponent(".gitlab-ci.yml").path)
        return (r, dir, written.map { String(decoding: $0, as: UTF8.self) } ?? "")
    }

    /// The `variables:` the written file sets, as `NAME: value` lines without comments.
    func variables(_ text: String) -> [String] {
        guard let start = text.range(of: "\nvariables:\n") else { return [] }
        return text[start.upperBound...].split(separator: "\n").map { line in
            String(line.split(separator: "#").first ?? "").trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
    }

    func lintsClean(_ dir: URL) throws {
        let lint = try GantryProcess.run(["lint"], in: dir)
        #expect(lint.status == 0 && lint.stdout == "valid\n", "\(lint.stderr)")
        #expect(lint.stderr.isEmpty, "warnings: \(lint.stderr)")
    }

    @Test func setuptoolsSrcLayoutNeedsNoVariables() throws {
        let (r, dir, text) = try initialize(PythonProjects.setuptools)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(text.contains("include:\n  - template: Python-Package.gitlab-ci.yml\n"))
        #expect(variables(text).isEmpty)
        #expect(r.stdout.contains("build system  setuptools (build-backend \"setuptools.build_meta\")"))
        #expect(r.stdout.contains("src/greet"))
        #expect(r.stdout.contains("unittest"))
        try lintsClean(dir)
    }

    @Test func poetryFlatLayoutSetsTheSourceDir() throws {
        let (r, dir, text) = try initialize(PythonProjects.poetry)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(text.contains("- template: Poetry.gitlab-ci.yml"))
        #expect(variables(text) == ["SOURCE_DIR: \"greet\""])
        #expect(r.stdout.contains("poetry (build-backend \"poetry.core.masonry.api\")"))
        #expect(r.stdout.contains("https://pypi.org/simple/"))
        try lintsClean(dir)
    }

    @Test func uvUsesThePackageTemplateWithPytestFromTheDevGroup() throws {
        var files = PythonProjects.uv
        files["uv.lock"] = "version = 1\n"
        let (r, dir, text) = try initialize(files)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(text.contains("- template: Python-Package.gitlab-ci.yml"))
        #expect(variables(text) == ["TEST_RUNNER: \"pytest\""])
        #expect(r.stdout.contains("uv (build-backend \"uv_build\")"))
        #expect(r.stdout.contains("pytest in [dependency-groups]"))
        #expect(r.stdout.contains("uv.lock is not used"))
        try lintsClean(dir)
    }

    @Test func pytestConfigurationTestFolderAndDynamicVersion() throws {
        let (r, dir, text) = try initialize([
            "pyproject.toml": """
            [build-system]
            requires = ["hatchling", "hatch-vcs"]
            build-backend = "hatchling.build"

            [project]
            name = "my-lib"
            dynamic = ["version"]

            [tool.pytest.ini_options]  # pytest is configured here
            addopts = "-q"

            """,
            "my_lib/__init__.py": "",
            "docs/conf/__init__.py": "",
            "test/test_x.py": "def test_x():\n    pass\n",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(variables(text) == ["SOURCE_DIR: \"my_lib\"", "TEST_DIR: \"test\"", "TEST_RUNNER: \"pytest\"",
                                    "VERSION_STAMP_DISABLED: \"true\""])
        #expect(r.stdout.contains("hatchling"))
        #expect(r.stdout.contains("[tool.pytest.ini_options] in pyproject.toml"))
        try lintsClean(dir)
    }

    @Test func setupPyProjectWithConftestAndPoetryGroups() throws {
        let (r, _, text) = try initialize([
            "setup.py": "from setuptools import setup\nsetup(name='old', packages=['old'])\n",
            "old/__init__.py": "",
            "tests/conftest.py": "",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(text.contains("Python-Package.gitlab-ci.yml"))
        #expect(variables(text) == ["SOURCE_DIR: \"old\"", "TEST_RUNNER: \"pytest\""])
        #expect(r.stdout.contains("setuptools (setup.py)"))

        let (p, _, poetryText) = try initialize([
            "pyproject.toml": """
            [tool.poetry]
            name = "svc"
            [tool.poetry.group.dev.dependencies]
            pytest = "^8.0"
            """,
            "poetry.lock": "",
            "src/svc/__init__.py": "",
            "tests/test_svc.py": "",
        ])
        #expect(p.status == 0, "\(p.stderr)")
        #expect(poetryText.contains("Poetry.gitlab-ci.yml"))
        #expect(variables(poetryText) == ["TEST_RUNNER: \"pytest\""])
        #expect(p.stdout.contains("index         Poetry's default"))
    }

    @Test func flagsChooseTheTemplate() throws {
        let (r, _, text) = try initialize(PythonProjects.setuptools, ["--poetry"])
        #expect(r.status == 0)
        #expect(text.contains("Poetry.gitlab-ci.yml"))
        #expect(r.stdout.contains("poetry (--poetry)"))
        let (u, _, uvText) = try initialize(PythonProjects.poetry, ["--uv"])
        #expect(u.status == 0)
        #expect(uvText.contains("Python-Package.gitlab-ci.yml"))
        let both = try GantryProcess.run(["init", "--poetry", "--uv"], in: try GantryProcess.project(PythonProjects.uv))
        #expect(both.status == 2)
        #expect(both.stderr.contains("give one of --poetry, --setuptools, --uv"))
    }

    @Test func refusesToReplaceAnExistingFileUnlessForced() throws {
        var files = PythonProjects.setuptools
        files[".gitlab-ci.yml"] = "job: {script: [echo mine]}\n"
        let (r, dir, text) = try initialize(files)
        #expect(r.status == 1)
        #expect(r.stderr.contains(".gitlab-ci.yml already exists; pass --force to replace it"))
        #expect(text == "job: {script: [echo mine]}\n")

        let forced = try GantryProcess.run(["init", "--force"], in: dir)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("Replaced .gitlab-ci.yml"))
        let replaced = String(decoding: FileManager.default.contents(atPath: dir.appendingPathComponent(".gitlab-ci.yml").path) ?? Data(), as: UTF8.self)
        #expect(replaced.contains("Python-Package.gitlab-ci.yml"))
    }

    @Test func notAPythonProject() throws {
        let (r, dir, text) = try initialize(["README.md": "# docs\n", "main.go": "package main\n"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("is not a Python project: it has no pyproject.toml and no setup.py"))
        #expect(text.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".gitlab-ci.yml").path))
    }

    @Test func dirNamesTheProject() throws {
        let parent = try GantryProcess.project(["lib/pyproject.toml": PythonProjects.setuptools["pyproject.toml"]!,
                                                "lib/src/greet/__init__.py": PythonProjects.module])
        let r = try GantryProcess.run(["init", "--dir", "lib"], in: parent)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Python project greet in lib:"))
        #expect(r.stdout.contains("note: no tests/ or test/ folder"))
        #expect(FileManager.default.fileExists(atPath: parent.appendingPathComponent("lib/.gitlab-ci.yml").path))
        #expect(!FileManager.default.fileExists(atPath: parent.appendingPathComponent(".gitlab-ci.yml").path))
    }
}

/// "A new Python project gets a green `gantry run` after `gantry init` alone": a setuptools (with
/// unittest, and with pytest), a Poetry and a uv project, each in a fresh git repository, with tools from PyPI inside the jobs.
/// Then a release tag publishes (to a stand-in registry on localhost) what the build stamped.
///
/// Each project gets a short folder of its own rather than one under GantryProcess.scratchRoot:
/// a job's TMPDIR is inside the project, and Python's multiprocessing (black's `--diff`) puts a Unix
/// socket there, whose path may not exceed 107 bytes.
@Suite(.serialized) struct InitRunTests {
    func repository(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("gi-" + UUID().uuidString.prefix(8).lowercased())
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try GantryProcess.git(["init", "-q", "-b", "main"], in: dir)
        return dir
    }

    /// `gantry run ARGS` with a JSON summary: the result and each job's summary by name.
    func run(_ dir: URL, _ args: [String]) throws -> (GantryProcess.Result, [String: [String: Any]]) {
        let summaryFile = dir.appendingPathComponent(".gantry/summary-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: summaryFile) }
        let r = try GantryProcess.run(["run", "--json-summary", summaryFile.path] + Wheelhouse.runArguments + args, in: dir)
        let data = try #require(FileManager.default.contents(atPath: summaryFile.path), "no summary; stderr: \(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var jobs: [String: [String: Any]] = [:]
        for job in json["jobs"] as? [[String: Any]] ?? [] { jobs[job["name"] as? String ?? ""] = job }
        return (r, jobs)
    }

    /// init, commit, `gantry run --ref main`: exit 0, every job green, tests reported.
    /// Returns the project folder and whether the pipeline was green.
    func greenAfterInit(_ files: [String: String], template: String, jobs expected: Set<String>,
                        arguments: [String] = []) throws -> (URL, Bool) {
        let dir = try repository(files)
        let initialized = try GantryProcess.run(["init"], in: dir)
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(initialized.stdout.contains("template      \(template)"))
        try GantryProcess.git(["add", "."], in: dir)
        try GantryProcess.git(["commit", "-q", "-m", "project and the pipeline gantry init wrote"], in: dir)

        let started = Date()
        let (r, jobs) = try run(dir, ["--ref", "main"] + arguments)
        let seconds = Int(Date().timeIntervalSince(started))
        print("gantry run of a new \(template) project: \(seconds) s")
        #expect(r.status == 0, "\(r.stdout.suffix(4000))")
        #expect(Set(jobs.keys) == expected)
        for (name, job) in jobs {
            #expect(job["status"] as? String == "success", "\(name): \(r.stdout.suffix(4000))")
        }
        let tests = try #require(jobs["unit-tests"]?["tests"] as? [String: Any])
        #expect(tests["total"] as? Int == 1)
        #expect(tests["failures"] as? Int == 0)
        #expect(jobs["unit-tests"]?["coverage"] as? Double == 100)
        // The build stamped a PEP 440 dev version (gantry is on the jobs' PATH).
        #expect(r.stdout.contains("gantry python version: 0.1.0.dev"), "\(r.stdout.prefix(3000))")
        return (dir, r.status == 0 && jobs.values.allSatisfy { $0["status"] as? String == "success" })
    }

    /// A stand-in package registry: accepts every upload and records each request's path and
    /// credentials, one JSON line each.
    final class FakeRegistry {
        let process: Process
        let log: URL
        let port: Int

        init(in dir: URL) throws {
            let log = dir.appendingPathComponent("uploads.jsonl")
            self.log = log
            let portFile = dir.appendingPathComponent("port")
            // The test runner starts children with signals blocked: unblock them so that
            // `terminate()` works, and stop anyway after ten minutes.
            let script = """
            import base64, http.server, json, os, signal, sys, threading
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            threading.Timer(600, os._exit, (0,)).start()
            class H(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                    auth = self.headers.get("Authorization", "")
                    user = base64.b64decode(auth[6:]).decode().split(":")[0] if auth.startswith("Basic ") else ""
                    name = ""
                    for part in body.split(b"filename=\\"")[1:]:
                        name = part.split(b"\\"")[0].decode()
                    with open(sys.argv[1], "a") as f:
                        f.write(json.dumps({"path": self.path, "user": user, "file": name}) + "\\n")
                    self.send_response(200)
                    self.end_headers()
                def log_message(self, *a):
                    pass
            s = http.server.HTTPServer(("127.0.0.1", 0), H)
            open(sys.argv[2], "w").write(str(s.server_port))
            s.serve_forever()
            """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script, log.path, portFile.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            self.process = process
            var port = 0
            let deadline = Date().addingTimeInterval(Waiting.patient(5))
            while port == 0 && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.05)
                port = Int(String(decoding: FileManager.default.contents(atPath: portFile.path) ?? Data(), as: UTF8.self)) ?? 0
            }
            self.port = port
        }

        var uploads: [[String: String]] {
            let text = String(decoding: FileManager.default.contents(atPath: log.path) ?? Data(), as: UTF8.self)
            return text.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]
            }
        }

        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// `gantry run build publish --tag v0.2.0`: the build stamps 0.2.0, publish uploads it with the job token.
    @discardableResult
    func releasePublishes(_ dir: URL) throws -> Bool {
        let registry = try FakeRegistry(in: dir.appendingPathComponent(".gantry/registry").creatingDirectory())
        defer { registry.stop() }
        #expect(registry.port > 0)
        let url = "http://127.0.0.1:\(registry.port)/api/v4/projects/7/packages/pypi"
        let (r, jobs) = try run(dir, ["build", "publish", "--tag", "v0.2.0", "--variable", "PYPI_REPOSITORY_URL=\(url)",
                                      "--masked-variable", "CI_JOB_TOKEN=job-token-value"])
        #expect(r.status == 0, "\(r.stdout.suffix(4000))")
        #expect(jobs["publish"]?["status"] as? String == "success")
        #expect(jobs["publish-dry-run"] == nil)
        let uploads = registry.uploads
        #expect(Set(uploads.compactMap { $0["file"] }) == ["greet-0.2.0-py3-none-any.whl", "greet-0.2.0.tar.gz"], "\(uploads)")
        #expect(uploads.allSatisfy { $0["user"] == "gitlab-ci-token" && $0["path"]?.hasPrefix("/api/v4/projects/7/packages/pypi") == true },
                "\(uploads)")
        return r.status == 0 && uploads.count == 2
    }

    /// pip caches downloads only when the index allows it, and the proxy of some networks (this
    /// test machine's, for one) strips those headers; a wheel pip builds from an sdist is cached
    /// whatever the network. So the first run builds unittest-xml-reporting, and the second must
    /// take it from the restored cache.
    static let buildOneWheel = ["--variable", "PIP_NO_BINARY=unittest-xml-reporting"]

    /// `gantry run unit-tests` again: the cache the first run saved (`$PIP_CACHE_DIR`, expanded in
    /// the job's own workspace) is restored, and nothing was written into the checkout. `wheel`:
    /// a wheel pip must now take from that cache.
    @discardableResult
    func secondRunRestoresTheCache(_ dir: URL, arguments: [String] = [], wheel: String? = nil) throws -> Bool {
        let (r, jobs) = try run(dir, ["unit-tests", "--ref", "main"] + arguments)
        #expect(r.status == 0, "\(r.stdout.suffix(4000))")
        #expect(jobs["unit-tests"]?["status"] as? String == "success")
        let hit = r.stdout.contains("Successfully extracted cache")
        #expect(hit, "no cache restored on the second run: \(r.stdout.prefix(3000))")
        let used = wheel.map { r.stdout.contains("Using cached \($0)") } ?? true
        #expect(used, "pip did not use the restored cache: \(r.stdout.suffix(3000))")
        let changes = try GantryProcess.gitStatus(dir)
        #expect(changes.isEmpty, "jobs wrote into the checkout: \(changes)")
        return r.status == 0 && hit && used && changes.isEmpty
    }

    /// A project's folder goes once its pipelines were green; a failed one stays, with its logs.
    func cleanUp(_ dir: URL, _ green: Bool) {
        if green { try? FileManager.default.removeItem(at: dir) }
    }

    @Test func setuptoolsProject() throws {
        let (dir, green) = try greenAfterInit(PythonProjects.setuptools, template: "Python-Package.gitlab-ci.yml",
                                              jobs: ["build", "unit-tests", "wheel-install", "pylint", "black", "mypy", "publish-dry-run"],
                                              arguments: Self.buildOneWheel)
        let cached = try secondRunRestoresTheCache(dir, arguments: Self.buildOneWheel, wheel: "unittest_xml_reporting-")
        cleanUp(dir, try releasePublishes(dir) && green && cached)
    }

    /// pytest imported by the tests: pylint and mypy get it too (no E0401, no missing stub).
    @Test func pytestProject() throws {
        let (dir, green) = try greenAfterInit(PythonProjects.pytest, template: "Python-Package.gitlab-ci.yml",
                                              jobs: ["build", "unit-tests", "wheel-install", "pylint", "black", "mypy", "publish-dry-run"])
        cleanUp(dir, green)
    }

    @Test func poetryProject() throws {
        let (dir, green) = try greenAfterInit(PythonProjects.poetry, template: "Poetry.gitlab-ci.yml",
                                              jobs: ["poetry-env", "build", "unit-tests", "wheel-install", "pylint", "black", "mypy",
                                                     "publish-dry-run"])
        let cached = try secondRunRestoresTheCache(dir)
        cleanUp(dir, try releasePublishes(dir) && green && cached)
    }

    @Test func uvProject() throws {
        let (dir, green) = try greenAfterInit(PythonProjects.uv, template: "Python-Package.gitlab-ci.yml",
                                              jobs: ["build", "unit-tests", "wheel-install", "pylint", "black", "mypy", "publish-dry-run"])
        cleanUp(dir, green)
    }
}

private extension URL {
    func creatingDirectory() throws -> URL {
        try FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
        return self
    }
}
