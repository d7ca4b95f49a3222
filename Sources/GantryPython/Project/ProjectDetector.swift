import Foundation

/// Finds what `gantry init` needs to know of a Python project from its files: the build system
/// (pyproject.toml's `[build-system]`, lock files, setup.py), the package folder, the tests folder
/// and the test runner, each with the reason it was chosen. pyproject.toml is read with
/// `TOMLDocument`, so a broken one is an error naming its line, as pip would refuse it too.
public enum ProjectDetector {
    /// `forced` is the build system named by `--poetry`, `--setuptools` or `--uv`.
    public static func detect(in root: URL, forced: String? = nil) throws(PythonProjectError) -> PythonProject {
        let fm = FileManager.default
        func exists(_ path: String) -> Bool { fm.fileExists(atPath: root.appendingPathComponent(path).path) }
        func read(_ path: String) -> String? {
            fm.contents(atPath: root.appendingPathComponent(path).path).map { String(decoding: $0, as: UTF8.self) }
        }
        func isDirectory(_ path: String) -> Bool {
            var dir: ObjCBool = false
            return fm.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &dir) && dir.boolValue
        }

        let pyprojectBytes = fm.contents(atPath: root.appendingPathComponent("pyproject.toml").path).map { [UInt8]($0) }
        guard pyprojectBytes != nil || exists("setup.py") else {
            throw PythonProjectError("\(root.path) is not a Python project: it has no pyproject.toml and no setup.py")
        }
        let toml = try pyprojectBytes.map { bytes throws(PythonProjectError) in try PyProject(bytes: bytes).document }
        func string(_ path: String...) -> String? { toml?.lookup(path)?.node.value.string }
        var notes: [String] = []

        // Build system.
        let backend = string("build-system", "build-backend")
        var (system, reason) = ("setuptools", "setup.py")
        if let backend {
            reason = "build-backend \"\(backend)\""
            system = backendName(backend)
        } else if exists("poetry.lock") {
            (system, reason) = ("poetry", "poetry.lock")
        } else if toml?.defines(["tool", "poetry"]) == true {
            (system, reason) = ("poetry", "[tool.poetry] in pyproject.toml")
        } else if exists("uv.lock") {
            (system, reason) = ("uv", "uv.lock")
            notes.append("pyproject.toml declares no [build-system]: `python -m build` falls back to setuptools")
        } else if toml != nil {
            reason = exists("setup.py") ? "setup.py" : "no [build-system] in pyproject.toml"
            if !exists("setup.py") {
                notes.append("pyproject.toml declares no [build-system]: `python -m build` falls back to setuptools")
            }
        }
        if exists("poetry.lock") && system != "poetry" && forced == nil {
            (system, reason) = ("poetry", "poetry.lock (build-backend \(backend ?? "none"))")
        }
        if let forced {
            (system, reason) = (forced, "--\(forced)")
        }
        let template: PythonProject.Template = system == "poetry" ? .poetry : .pythonPackage
        if template == .pythonPackage && exists("uv.lock") {
            notes.append("uv.lock is not used: the jobs install with pip (`python -m build`, `pip install -e .`)")
        }
        if template == .pythonPackage && exists("poetry.lock") {
            notes.append("poetry.lock is not used: the jobs install with pip")
        }

        let name = string("project", "name") ?? string("tool", "poetry", "name")

        // Source: src/<pkg>, else <pkg>/ at the top, with __init__.py.
        let normalized = name.map { $0.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_") }
        func packages(in dir: String) -> [String] {
            let base = dir.isEmpty ? root : root.appendingPathComponent(dir)
            let names = (try? fm.contentsOfDirectory(atPath: base.path)) ?? []
            return names.filter { entry in
                !entry.hasPrefix(".") && !ignoredTopFolders.contains(entry.lowercased()) && !entry.hasSuffix(".egg-info")
                    && fm.fileExists(atPath: base.appendingPathComponent(entry).appendingPathComponent("__init__.py").path)
            }.sorted()
        }
        func best(_ candidates: [String]) -> String? {
            candidates.first { $0.lowercased() == normalized } ?? candidates.first
        }
        var packagePath: String?
        var sourceDir: String?
        if isDirectory("src") {
            let inSrc = packages(in: "src")
            sourceDir = "src"
            packagePath = best(inSrc).map { "src/\($0)" } ?? "src"
        } else if let top = best(packages(in: "")) {
            packagePath = top
            sourceDir = top
        } else {
            notes.append("no package found (src/<package>/ or <package>/ with __init__.py): set SOURCE_DIR to the code's folder")
        }

        // Tests.
        let testDir = ["tests", "test"].first { isDirectory($0) }
        if testDir == nil {
            notes.append("no tests/ or test/ folder: the test jobs run the tests in TEST_DIR (default tests)")
        }

        // Test runner: pytest when configured or used, else unittest.
        var runner = ("unittest", "no pytest configuration or dependency")
        if let table = toml.flatMap(pytestTable) {
            runner = ("pytest", "[\(table)] in pyproject.toml")
        } else if exists("pytest.ini") {
            runner = ("pytest", "pytest.ini")
        } else if read("setup.cfg")?.contains("[tool:pytest]") == true {
            runner = ("pytest", "[tool:pytest] in setup.cfg")
        } else if read("tox.ini")?.contains("[pytest]") == true {
            runner = ("pytest", "[pytest] in tox.ini")
        } else if let file = ["conftest.py", "tests/conftest.py", "test/conftest.py"].first(where: exists) {
            runner = ("pytest", file)
        } else if let table = toml.flatMap(dependencyTableMentioningPytest) {
            runner = ("pytest", "pytest in [\(table)] of pyproject.toml")
        } else if let file = requirementFiles.first(where: { read($0).map(mentionsPytest) == true }) {
            runner = ("pytest", "pytest in \(file)")
        } else if let testDir, let file = testFileImportingPytest(root.appendingPathComponent(testDir)) {
            runner = ("pytest", "\(testDir)/\(file) imports pytest")
        }

        let dynamic = toml.map { strings($0.lookup(["project", "dynamic"])).contains("version") } ?? false
        if dynamic {
            notes.append("the version is dynamic ([project] dynamic): the build job does not stamp one (VERSION_STAMP_DISABLED)")
        }

        // `[[tool.poetry.source]]` is an array of tables: its keys are not reachable by `lookup`.
        let sources = (toml?.entries ?? []).filter { $0.path == ["tool", "poetry", "source", "url"] }.compactMap(\.node.value.string)

        return PythonProject(buildSystem: system, buildSystemReason: reason, template: template, name: name,
                             packagePath: packagePath, sourceDir: sourceDir, testDir: testDir,
                             testRunner: runner.0, testRunnerReason: runner.1, dynamicVersion: dynamic,
                             poetrySources: sources, notes: notes)
    }

    /// Folders at the top of a project that are never its package.
    static let ignoredTopFolders: Set<String> = [
        "tests", "test", "docs", "doc", "examples", "example", "scripts", "build", "dist", "venv", "env",
        "site-packages", "node_modules", "benchmarks", "tools",
    ]

    static let requirementFiles = ["requirements-dev.txt", "requirements-test.txt", "requirements_dev.txt",
                                   "requirements_test.txt", "dev-requirements.txt", "test-requirements.txt",
                                   "requirements/dev.txt", "requirements/test.txt"]

    static func backendName(_ backend: String) -> String {
        let known: [(String, String)] = [("poetry", "poetry"), ("setuptools", "setuptools"), ("hatchling", "hatchling"),
                                         ("uv_build", "uv"), ("flit", "flit"), ("pdm", "pdm"), ("maturin", "maturin"),
                                         ("mesonpy", "meson-python"), ("scikit_build", "scikit-build")]
        for (needle, name) in known where backend.contains(needle) { return name }
        return String(backend.split(separator: ".").first ?? Substring(backend))
    }

    /// The strings of an array value; none for anything else.
    static func strings(_ entry: TOMLDocument.Entry?) -> [String] {
        guard let entry, case .array(let items) = entry.node.value else { return [] }
        return items.compactMap(\.value.string)
    }

    /// The table that configures pytest (`tool.pytest.ini_options`), as a header or through dotted keys.
    static func pytestTable(_ toml: TOMLDocument) -> String? {
        if let table = toml.tables.first(where: { !$0.inArray && $0.path.starts(with: ["tool", "pytest"]) }) {
            return table.path.joined(separator: ".")
        }
        return toml.entries.first { $0.path.count > 2 && $0.path.starts(with: ["tool", "pytest"]) }
            .map { $0.path.dropLast().joined(separator: ".") }
    }

    /// A requirement names pytest or a pytest plugin (`pytest>=8`, `pytest-cov`).
    static func isPytestRequirement(_ requirement: String) -> Bool {
        let name = requirement.trimmingCharacters(in: .whitespaces).lowercased()
            .prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        return name == "pytest" || name.hasPrefix("pytest-") || name.hasPrefix("pytest_")
    }

    static func mentionsPytest(_ requirementsText: String) -> Bool {
        requirementsText.split(separator: "\n").contains { isPytestRequirement(String($0)) }
    }

    /// The first table of development or optional dependencies that names pytest (or a plugin):
    /// `[project.optional-dependencies]`, `[dependency-groups]`, Poetry's groups and
    /// dev-dependencies (as tables or inline tables), `[tool.uv] dev-dependencies`,
    /// `[tool.pdm.dev-dependencies]`, Hatch envs.
    static func dependencyTableMentioningPytest(_ toml: TOMLDocument) -> String? {
        for entry in toml.entries where !entry.inArray && entry.path.count >= 2 {
            let key = entry.path.last!
            let table = entry.path.dropLast().joined(separator: ".")
            // Poetry names dependencies as keys: `[tool.poetry.group.dev.dependencies] pytest = "^8"`.
            let poetryGroup = table == "tool.poetry.dev-dependencies"
                || (table.hasPrefix("tool.poetry.group.") && table.hasSuffix(".dependencies"))
            if poetryGroup && isPytestRequirement(key) { return table }
            // The others list requirement strings: `[dependency-groups] dev = ["pytest>=8"]`.
            let parent = entry.path.dropLast().dropLast().joined(separator: ".")
            let listed = ["project.optional-dependencies", "dependency-groups", "tool.pdm.dev-dependencies"].contains(table)
                || (table == "tool.uv" && key == "dev-dependencies")
                || (parent == "tool.hatch.envs" && (key == "dependencies" || key == "extra-dependencies"))
            if listed && strings(entry).contains(where: isPytestRequirement) { return table }
        }
        return nil
    }

    /// The first test file (a few folders deep) that imports pytest.
    static func testFileImportingPytest(_ dir: URL) -> String? {
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: dir.path) else { return nil }
        var looked = 0
        while let path = walker.nextObject() as? String, looked < 200 {
            guard path.hasSuffix(".py") else { continue }
            looked += 1
            guard let data = fm.contents(atPath: dir.appendingPathComponent(path).path) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            let imports = text.split(separator: "\n").contains { line in
                let l = line.trimmingCharacters(in: .whitespaces)
                return l == "import pytest" || l.hasPrefix("import pytest ") || l.hasPrefix("from pytest import")
                    || l.hasPrefix("import pytest,") || l.hasPrefix("from _pytest")
            }
            if imports { return path }
        }
        return nil
    }
}
