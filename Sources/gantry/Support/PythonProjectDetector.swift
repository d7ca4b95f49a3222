import Foundation

/// What `gantry init` finds in a Python project: its build system (and so the template), its
/// source and test directories, and its test runner, each with the reason it was chosen.
struct PythonProject {
    enum Template: String {
        case pythonPackage = "Python-Package.gitlab-ci.yml"
        case poetry = "Poetry.gitlab-ci.yml"
    }

    /// The build system as people call it: setuptools, poetry, hatchling, uv, flit, pdm, ...
    var buildSystem: String
    /// Why: `build-backend "setuptools.build_meta"`, `poetry.lock`, `setup.py`, `--poetry`.
    var buildSystemReason: String
    var template: Template
    var name: String?
    /// The package's folder (`src/pvoutput`, `pvoutput`), nil when none was found.
    var packagePath: String?
    /// SOURCE_DIR: `src` for the src layout, else the package's folder.
    var sourceDir: String?
    /// TEST_DIR, nil when the project has no tests/ or test/ folder.
    var testDir: String?
    var testRunner: String
    var testRunnerReason: String
    /// pyproject.toml's `[project] dynamic` holds `version`: nothing for `gantry python version` to stamp.
    var dynamicVersion: Bool
    /// `[[tool.poetry.source]]` URLs Poetry resolves through.
    var poetrySources: [String]
    /// Things the user should know (no tests found, a lock file the template does not use, ...).
    var notes: [String]
}

enum PythonProjectDetector {
    struct NotPython: Error, CustomStringConvertible {
        let description: String
    }

    /// `forced` is the build system named by `--poetry`, `--setuptools` or `--uv`.
    static func detect(in root: URL, forced: String? = nil) throws(NotPython) -> PythonProject {
        let fm = FileManager.default
        func exists(_ path: String) -> Bool { fm.fileExists(atPath: root.appendingPathComponent(path).path) }
        func read(_ path: String) -> String? {
            fm.contents(atPath: root.appendingPathComponent(path).path).map { String(decoding: $0, as: UTF8.self) }
        }
        func isDirectory(_ path: String) -> Bool {
            var dir: ObjCBool = false
            return fm.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &dir) && dir.boolValue
        }

        let pyprojectText = read("pyproject.toml")
        guard pyprojectText != nil || exists("setup.py") else {
            throw NotPython(description: "\(root.path) is not a Python project: it has no pyproject.toml and no setup.py")
        }
        let toml = TOMLScan(pyprojectText ?? "")
        var notes: [String] = []

        // Build system.
        let backend = toml.string("build-system", "build-backend")
        var (system, reason) = ("setuptools", "setup.py")
        if let backend {
            reason = "build-backend \"\(backend)\""
            system = backendName(backend)
        } else if exists("poetry.lock") {
            (system, reason) = ("poetry", "poetry.lock")
        } else if toml.hasTable("tool.poetry") {
            (system, reason) = ("poetry", "[tool.poetry] in pyproject.toml")
        } else if exists("uv.lock") {
            (system, reason) = ("uv", "uv.lock")
            notes.append("pyproject.toml declares no [build-system]: `python -m build` falls back to setuptools")
        } else if pyprojectText != nil {
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

        let name = toml.string("project", "name") ?? toml.string("tool.poetry", "name")

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
        if let table = toml.tables.first(where: { $0 == "tool.pytest" || $0.hasPrefix("tool.pytest.") }) {
            runner = ("pytest", "[\(table)] in pyproject.toml")
        } else if exists("pytest.ini") {
            runner = ("pytest", "pytest.ini")
        } else if read("setup.cfg")?.contains("[tool:pytest]") == true {
            runner = ("pytest", "[tool:pytest] in setup.cfg")
        } else if read("tox.ini")?.contains("[pytest]") == true {
            runner = ("pytest", "[pytest] in tox.ini")
        } else if let file = ["conftest.py", "tests/conftest.py", "test/conftest.py"].first(where: exists) {
            runner = ("pytest", file)
        } else if let table = toml.dependencyTableMentioningPytest() {
            runner = ("pytest", "pytest in [\(table)] of pyproject.toml")
        } else if let file = requirementFiles.first(where: { read($0).map(mentionsPytest) == true }) {
            runner = ("pytest", "pytest in \(file)")
        } else if let testDir, let file = testFileImportingPytest(root.appendingPathComponent(testDir)) {
            runner = ("pytest", "\(testDir)/\(file) imports pytest")
        }

        let dynamic = toml.strings("project", "dynamic").contains("version")
        if dynamic {
            notes.append("the version is dynamic ([project] dynamic): the build job does not stamp one (VERSION_STAMP_DISABLED)")
        }

        var sources: [String] = []
        for entry in toml.entries where entry.table == "tool.poetry.source" && entry.key == "url" {
            if let url = TOMLScan.quotedStrings(entry.raw).first { sources.append(url) }
        }

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

    /// A requirement names pytest or a pytest plugin (`pytest>=8`, `pytest-cov`).
    static func isPytestRequirement(_ requirement: String) -> Bool {
        let name = requirement.trimmingCharacters(in: .whitespaces).lowercased()
            .prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        return name == "pytest" || name.hasPrefix("pytest-") || name.hasPrefix("pytest_")
    }

    static func mentionsPytest(_ requirementsText: String) -> Bool {
        requirementsText.split(separator: "\n").contains { isPytestRequirement(String($0)) }
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

/// Just enough TOML for pyproject.toml: table headers and `key = value` pairs, with each value's
/// text (strings, multi-line arrays, inline tables) kept raw. Comments are dropped.
struct TOMLScan {
    struct Entry {
        var table: String
        var key: String
        var raw: String
    }

    private(set) var tables: [String] = []
    private(set) var entries: [Entry] = []

    init(_ text: String) {
        let chars = Array(text.unicodeScalars)
        var i = 0
        var table = ""
        func skipComment() {
            while i < chars.count && chars[i] != "\n" { i += 1 }
        }
        /// Reads a quoted string starting at `i` (which is a quote); returns its raw text with quotes.
        func readString() -> String {
            let quote = chars[i]
            let start = i
            let triple = i + 2 < chars.count && chars[i + 1] == quote && chars[i + 2] == quote
            i += triple ? 3 : 1
            while i < chars.count {
                if quote == "\"" && chars[i] == "\\" { i += 2; continue }
                if chars[i] == quote {
                    if !triple { i += 1; break }
                    if i + 2 < chars.count && chars[i + 1] == quote && chars[i + 2] == quote { i += 3; break }
                }
                if !triple && chars[i] == "\n" { break }
                i += 1
            }
            return String(String.UnicodeScalarView(chars[start..<min(i, chars.count)]))
        }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            if c == "#" { skipComment(); continue }
            if c == "[" {
                // A table header: [a.b] or [[a.b]].
                var end = i
                while end < chars.count && chars[end] != "\n" { end += 1 }
                var header = String(String.UnicodeScalarView(chars[i..<end]))
                if let hash = header.firstIndex(of: "#"), !header[..<hash].contains("\"") { header = String(header[..<hash]) }
                header = header.trimmingCharacters(in: .whitespaces)
                    .trimmingCharacters(in: CharacterSet(charactersIn: "[]")).trimmingCharacters(in: .whitespaces)
                table = TOMLScan.normalizeKey(header)
                tables.append(table)
                i = end
                continue
            }
            // key = value
            var keyText = ""
            while i < chars.count && chars[i] != "=" && chars[i] != "\n" {
                if chars[i] == "\"" || chars[i] == "'" { keyText += readString() } else { keyText.unicodeScalars.append(chars[i]); i += 1 }
            }
            guard i < chars.count, chars[i] == "=" else { continue }
            i += 1
            while i < chars.count && (chars[i] == " " || chars[i] == "\t") { i += 1 }
            var raw = ""
            var depth = 0
            while i < chars.count {
                let v = chars[i]
                if v == "\"" || v == "'" { raw += readString(); continue }
                if v == "#" { skipComment(); continue }
                if v == "[" || v == "{" { depth += 1 }
                if v == "]" || v == "}" { depth -= 1 }
                if v == "\n" && depth <= 0 { break }
                raw.unicodeScalars.append(v)
                i += 1
            }
            entries.append(Entry(table: table, key: TOMLScan.normalizeKey(keyText), raw: raw.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
    }

    /// `tool . "poetry"` → `tool.poetry`.
    static func normalizeKey(_ key: String) -> String {
        key.split(separator: ".").map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }.joined(separator: ".")
    }

    /// The contents of every quoted string in a raw value (escapes are left as written).
    static func quotedStrings(_ raw: String) -> [String] {
        var out: [String] = []
        var current: String?
        var quote: Character = "\""
        var escaped = false
        for ch in raw {
            if var s = current {
                if escaped { s.append(ch); escaped = false; current = s; continue }
                if ch == "\\" && quote == "\"" { escaped = true; current = s; continue }
                if ch == quote { out.append(s); current = nil; continue }
                s.append(ch)
                current = s
            } else if ch == "\"" || ch == "'" {
                quote = ch
                current = ""
            }
        }
        return out.filter { !($0.isEmpty && raw.contains("\"\"\"")) }
    }

    func hasTable(_ name: String) -> Bool { tables.contains(name) }

    /// The value of `key` in `[table]` (or a dotted key reaching it from a parent table).
    func raw(_ table: String, _ key: String) -> String? {
        let full = table + "." + key
        return entries.first { ($0.table == table && $0.key == key) || ($0.table.isEmpty ? $0.key : $0.table + "." + $0.key) == full }?.raw
    }

    func string(_ table: String, _ key: String) -> String? { raw(table, key).flatMap { TOMLScan.quotedStrings($0).first } }

    func strings(_ table: String, _ key: String) -> [String] { raw(table, key).map(TOMLScan.quotedStrings) ?? [] }

    /// The first table of development or optional dependencies that names pytest (or a plugin):
    /// `[project.optional-dependencies]`, `[dependency-groups]`, Poetry's groups and
    /// dev-dependencies, `[tool.uv] dev-dependencies`, `[tool.pdm.dev-dependencies]`, Hatch envs.
    func dependencyTableMentioningPytest() -> String? {
        for entry in entries {
            let t = entry.table
            let poetryGroup = t == "tool.poetry.dev-dependencies"
                || (t.hasPrefix("tool.poetry.group.") && t.hasSuffix(".dependencies"))
            if poetryGroup && PythonProjectDetector.isPytestRequirement(entry.key) { return t }
            let listTable = t == "project.optional-dependencies" || t == "dependency-groups" || t == "tool.pdm.dev-dependencies"
                || (t == "tool.uv" && entry.key == "dev-dependencies")
                || (t.hasPrefix("tool.hatch.envs.") && (entry.key == "dependencies" || entry.key == "extra-dependencies"))
            if listTable && TOMLScan.quotedStrings(entry.raw).contains(where: PythonProjectDetector.isPytestRequirement) {
                return t
            }
            // Poetry groups written inline: [tool.poetry.group.dev] dependencies = { pytest = "^8" }
            if t.hasPrefix("tool.poetry.group.") && entry.key == "dependencies",
               entry.raw.range(of: #"(^|[{,\s])"?pytest(-[a-z0-9_-]+)?"?\s*="#, options: .regularExpression) != nil {
                return t
            }
        }
        return nil
    }
}
