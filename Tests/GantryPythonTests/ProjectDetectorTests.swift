import Foundation
import Testing
@testable import GantryPython

/// What `gantry init` learns of a project from its files (its printing and the file it writes
/// are GantryCLITests' InitTests).
@Suite struct ProjectDetectorTests {
    /// The project `files` make, detected in a fresh folder.
    func detect(_ files: [String: String], forced: String? = nil) throws(PythonProjectError) -> PythonProject {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-detect-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(text.utf8).write(to: url)
        }
        return try ProjectDetector.detect(in: root, forced: forced)
    }

    @Test func setuptoolsSrcLayoutWithUnittest() throws {
        let p = try detect([
            "pyproject.toml": """
                [build-system]
                requires = ["setuptools>=64"]
                build-backend = "setuptools.build_meta"  # the default

                [project]
                name = "greet"
                version = "0.1.0"
                """,
            "src/greet/__init__.py": "",
            "tests/test_greet.py": "import unittest\n",
        ])
        #expect((p.buildSystem, p.buildSystemReason) == ("setuptools", "build-backend \"setuptools.build_meta\""))
        #expect(p.template == .pythonPackage)
        #expect((p.name, p.packagePath, p.sourceDir, p.testDir) == ("greet", "src/greet", "src", "tests"))
        #expect((p.testRunner, p.testRunnerReason) == ("unittest", "no pytest configuration or dependency"))
        #expect(!p.dynamicVersion)
        #expect(p.notes.isEmpty)
    }

    @Test func poetryFlatLayoutWithItsSources() throws {
        let p = try detect([
            "pyproject.toml": """
                [tool.poetry]
                name = "my.pkg"
                [[tool.poetry.source]]
                name = "index"
                url = "https://pypi.org/simple/"
                [[tool.poetry.source]]
                name = "mirror"
                url = 'https://mirror.example/simple/'
                [tool.poetry.group.dev]
                dependencies = { pytest-cov = "^5", black = "*" }
                """,
            "poetry.lock": "",
            "my_pkg/__init__.py": "",
            "docs/conf/__init__.py": "",
        ])
        #expect((p.buildSystem, p.buildSystemReason, p.template) == ("poetry", "poetry.lock", .poetry))
        #expect((p.packagePath, p.sourceDir, p.testDir) == ("my_pkg", "my_pkg", nil))
        #expect(p.poetrySources == ["https://pypi.org/simple/", "https://mirror.example/simple/"])
        #expect((p.testRunner, p.testRunnerReason) == ("pytest", "pytest in [tool.poetry.group.dev.dependencies] of pyproject.toml"))
        #expect(p.notes == ["no tests/ or test/ folder: the test jobs run the tests in TEST_DIR (default tests)"])
    }

    /// pytest found from each place a project may name it, in the order the detector asks.
    @Test(arguments: [
        ("[tool.pytest.ini_options]\naddopts = \"-q\"\n", "[tool.pytest.ini_options] in pyproject.toml"),
        ("[tool]\npytest.ini_options.addopts = \"-q\"\n", "[tool.pytest.ini_options] in pyproject.toml"),
        ("[project.optional-dependencies]\ntest = [\"pytest>=8\"]\n", "pytest in [project.optional-dependencies] of pyproject.toml"),
        ("[dependency-groups]\ndev = [\n  \"ruff\",\n  \"pytest-cov\",  # coverage\n]\n", "pytest in [dependency-groups] of pyproject.toml"),
        ("[tool.poetry.group.test.dependencies]\npytest = \"^8\"\n", "pytest in [tool.poetry.group.test.dependencies] of pyproject.toml"),
        ("[tool.uv]\ndev-dependencies = [\"pytest\"]\n", "pytest in [tool.uv] of pyproject.toml"),
        ("[tool.hatch.envs.default]\ndependencies = [\"pytest\"]\n", "pytest in [tool.hatch.envs.default] of pyproject.toml"),
    ])
    func pytestFromPyproject(_ toml: String, _ reason: String) throws {
        let p = try detect(["pyproject.toml": "[project]\nname = \"x\"\n" + toml, "x/__init__.py": ""])
        #expect((p.testRunner, p.testRunnerReason) == ("pytest", reason))
    }

    @Test func pytestFromOtherFiles() throws {
        #expect(try detect(["setup.py": "", "pytest.ini": ""]).testRunnerReason == "pytest.ini")
        #expect(try detect(["setup.py": "", "setup.cfg": "[tool:pytest]\n"]).testRunnerReason == "[tool:pytest] in setup.cfg")
        #expect(try detect(["setup.py": "", "tests/conftest.py": ""]).testRunnerReason == "tests/conftest.py")
        #expect(try detect(["setup.py": "", "requirements-dev.txt": "pytest-cov==5\n"]).testRunnerReason == "pytest in requirements-dev.txt")
        #expect(try detect(["setup.py": "", "test/a/test_x.py": "from pytest import raises\n"]).testRunnerReason == "test/a/test_x.py imports pytest")
        // Near misses: a name that merely starts with pytest's letters, a comment.
        let quiet = try detect(["setup.py": "", "requirements-dev.txt": "pytestify\n# pytest\n",
                                "pyproject.toml": "[project.optional-dependencies]\ndocs = [\"sphinx\"]  # not pytest\n"])
        #expect(quiet.testRunner == "unittest")
    }

    @Test func uvHatchlingAndDynamicVersions() throws {
        let uv = try detect(["pyproject.toml": "[project]\nname = \"u\"\n", "uv.lock": ""])
        #expect((uv.buildSystem, uv.buildSystemReason) == ("uv", "uv.lock"))
        #expect(uv.notes.contains("uv.lock is not used: the jobs install with pip (`python -m build`, `pip install -e .`)"))
        let hatch = try detect(["pyproject.toml": """
            [build-system]
            build-backend = "hatchling.build"
            [project]
            name = "h"
            dynamic = ["version", "readme"]
            """])
        #expect(hatch.buildSystem == "hatchling")
        #expect(hatch.dynamicVersion)
    }

    @Test func flagsAndLockFilesOverruleTheBackend() throws {
        let setuptools = ["pyproject.toml": "[build-system]\nbuild-backend = \"setuptools.build_meta\"\n"]
        #expect(try detect(setuptools, forced: "poetry").buildSystemReason == "--poetry")
        var locked = setuptools
        locked["poetry.lock"] = ""
        #expect(try detect(locked).buildSystemReason == "poetry.lock (build-backend setuptools.build_meta)")
        #expect(try detect(["setup.py": ""]).buildSystemReason == "setup.py")
    }

    @Test func refusesWhatIsNotAPythonProjectOrNotTOML() {
        let notPython = #expect(throws: PythonProjectError.self) { try detect(["README.md": "# docs\n"]) }
        #expect(notPython?.description.hasSuffix("is not a Python project: it has no pyproject.toml and no setup.py") == true)
        let broken = #expect(throws: PythonProjectError.self) {
            try detect(["pyproject.toml": "[project]\nname = \"x\"\nname = \"y\"\n"])
        }
        #expect(broken?.file == "pyproject.toml")
        #expect(broken?.line == 3)
    }
}
