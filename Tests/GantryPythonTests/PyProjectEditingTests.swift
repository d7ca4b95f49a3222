import Foundation
import Testing
@testable import GantryPython

func v(_ text: String) -> PEP440Version { PEP440Version(text)! }

/// `text` with `changes` applied, as text.
func edited(_ text: String, _ changes: PyProjectChanges) throws -> String {
    let project = try PyProject(text)
    return String(decoding: try project.applying(changes).bytes, as: UTF8.self)
}

func projectError(_ text: String, _ changes: PyProjectChanges) -> PythonProjectError? {
    do {
        _ = try edited(text, changes)
        return nil
    } catch let error as PythonProjectError {
        return error
    } catch {
        return nil
    }
}

/// Real-world layouts: each edit must change the value's bytes and nothing else.
@Suite struct PyProjectEditingTests {
    /// The seed's setuptools template: `sed s/name = ".*"/` also rewrites the authors' `name`, and
    /// `s/version = ".*"/` anything else called version.
    static let setuptools = """
    [build-system]
    requires = ["setuptools>=45", "wheel"]
    build-backend = "setuptools.build_meta"

    [project]
    name = ""
    version = "1.0.0"
    description = ""
    readme = "README.md"
    requires-python = ">=3.7"
    authors = [
    {name = "", email = "[email protected]"},
    {name = "Jane", email = "jane@example.org"},
    ]
    dependencies = [
        "requests>=2",  # version = "pinned elsewhere"
    ]

    [project.urls]
    "Homepage" = "https://gitlab.com/my_package"
    "Bug Tracker" = "https://gitlab.com/my_package/-/issues"

    [tool.setuptools]
    name = "not-the-project"

    """

    @Test func setuptoolsTemplateTouchesOnlyTheThreeValues() throws {
        let out = try edited(Self.setuptools, .init(version: v("1.2.3"), name: try ProjectName(validating: "my_package"),
                                                    homepage: "https://gitlab.com/group/my-package"))
        let expected = Self.setuptools
            .replacingFirst("name = \"\"\nversion = \"1.0.0\"", with: "name = \"my_package\"\nversion = \"1.2.3\"")
            .replacingFirst("\"Homepage\" = \"https://gitlab.com/my_package\"", with: "\"Homepage\" = \"https://gitlab.com/group/my-package\"")
        #expect(out == expected)
        // The trap: the authors' names and the other tables' name/version lines are untouched.
        #expect(out.contains("{name = \"\", email = \"[email protected]\"},\n{name = \"Jane\","))
        #expect(out.contains("[tool.setuptools]\nname = \"not-the-project\""))
        #expect(out.contains("# version = \"pinned elsewhere\""))
    }

    @Test func poetryLayout() throws {
        let poetry = """
        [tool.poetry]
        name = "my-lib"
        version = "0.1.0"
        description = "A library"
        authors = ["Jane Doe <jane@example.org>"]
        homepage = "https://example.org"

        [tool.poetry.dependencies]
        python = "^3.10"
        requests = { version = "^2.31", extras = ["socks"] }

        [tool.poetry.group.dev.dependencies]
        pytest = { version = "^7.4" }

        [build-system]
        requires = ["poetry-core"]
        build-backend = "poetry.core.masonry.api"

        """
        let out = try edited(poetry, .init(version: v("0.2.0.dev7+main"), homepage: "https://gitlab.com/g/my-lib"))
        #expect(out == poetry
            .replacingFirst("version = \"0.1.0\"", with: "version = \"0.2.0.dev7+main\"")
            .replacingFirst("homepage = \"https://example.org\"", with: "homepage = \"https://gitlab.com/g/my-lib\""))
        #expect(out.contains("requests = { version = \"^2.31\""))
        #expect(out.contains("pytest = { version = \"^7.4\" }"))
    }

    @Test func hatchDynamicVersionIsAnError() throws {
        let hatch = """
        [build-system]
        requires = ["hatchling"]
        build-backend = "hatchling.build"

        [project]
        name = "pkg"
        dynamic = [
          "version",
        ]

        [tool.hatch.version]
        path = "src/pkg/__about__.py"

        """
        let error = try #require(projectError(hatch, .init(version: v("1.0"))))
        #expect(error.file == "pyproject.toml" && error.line == 8)
        #expect(error.message.hasPrefix("the version is dynamic ([project].dynamic lists \"version\"): the build backend computes it"))
        #expect(error.message.contains("[tool.gantry.version] files"))
        // With files configured, pyproject.toml is left alone (the files carry the version).
        #expect(try edited(hatch, .init(version: v("1.0"), versionFilesConfigured: true)) == hatch)
    }

    @Test func poetryTwoWithDynamicProjectVersion() throws {
        let text = """
        [project]
        name = "pkg"
        dynamic = ["version"]

        [tool.poetry]
        version = "0.0.0"

        """
        #expect(try edited(text, .init(version: v("2.0"))) == text.replacingFirst("\"0.0.0\"", with: "\"2.0\""))
    }

    @Test func staticAndDynamicVersionIsAnError() {
        let error = projectError("[project]\nname = \"p\"\nversion = \"1\"\ndynamic = [\"version\"]\n", .init(version: v("2")))
        #expect(error?.line == 3)
        #expect(error?.message.contains("remove one of them") == true)
    }

    @Test func commentsOddSpacingAndQuoteStyles() throws {
        let text = """
        #!comment at the top
        [ project ]   # the metadata
          "name"='old.name'	# tab before the comment
          version   =   'v0.1'   # set by CI
        urls = {   homepage = "http://old" , "Source" = "https://src" }
        [tool.black]
        line-length = 100
        """
        let out = try edited(text, .init(version: v("0.2.0"), name: try ProjectName(validating: "New.Name"), homepage: "https://new"))
        #expect(out == """
        #!comment at the top
        [ project ]   # the metadata
          "name"='New.Name'	# tab before the comment
          version   =   '0.2.0'   # set by CI
        urls = {   homepage = "https://new" , "Source" = "https://src" }
        [tool.black]
        line-length = 100
        """)
    }

    @Test func crlfLineEndingsAreKept() throws {
        let text = "[project]\r\nname = \"p\"\r\nversion = \"1.0\"\r\n\r\n[project.urls]\r\nSource = \"https://s\"\r\n"
        let out = try edited(text, .init(version: v("1.1"), homepage: "https://h"))
        #expect(out == "[project]\r\nname = \"p\"\r\nversion = \"1.1\"\r\n\r\n[project.urls]\r\nSource = \"https://s\"\r\nHomepage = \"https://h\"\r\n")
    }

    @Test func missingValuesAreAddedWhereTheyBelong() throws {
        // version after name, with its indentation; a [project.urls] table after [project]'s entries.
        let text = "[project]\n  name = \"p\"\n  description = \"d\"\n\n[tool.x]\na = 1\n"
        #expect(try edited(text, .init(version: v("1.0"), homepage: "https://h")) ==
            "[project]\n  name = \"p\"\n  version = \"1.0\"\n  description = \"d\"\n\n[project.urls]\nHomepage = \"https://h\"\n\n[tool.x]\na = 1\n")
        // No trailing newline at the end of the file.
        #expect(try edited("[project]\nname = \"p\"", .init(version: v("1.0"))) == "[project]\nname = \"p\"\nversion = \"1.0\"\n")
        #expect(try edited("[project]", .init(name: try ProjectName(validating: "p"))) == "[project]\nname = \"p\"\n")
        #expect(try edited("[tool.poetry]\nname = \"p\"\n", .init(homepage: "https://h")) == "[tool.poetry]\nname = \"p\"\nhomepage = \"https://h\"\n")
    }

    @Test(arguments: ["Homepage", "homepage", "\"Homepage\"", "'Home-Page'", "\"home page\"", "HOMEPAGE"])
    func homepageKeySpellings(_ key: String) throws {
        let text = "[project]\nname = \"p\"\n\n[project.urls]\n\(key) = \"https://old\"\nDocumentation = \"https://docs\"\n"
        #expect(try edited(text, .init(homepage: "https://new")) == text.replacingFirst("https://old", with: "https://new"))
    }

    @Test func homepageAsDottedKey() throws {
        let text = "[project]\nname = \"p\"\nurls.Homepage = \"https://old\"\n"
        #expect(try edited(text, .init(homepage: "https://new")) == "[project]\nname = \"p\"\nurls.Homepage = \"https://new\"\n")
    }

    @Test func inlineURLsWithoutHomepageIsAnError() {
        let error = projectError("[project]\nname = \"p\"\nurls = { Source = \"https://s\" }\n", .init(homepage: "https://h"))
        #expect(error?.line == 3)
        #expect(error?.message.contains("add Homepage = \"...\"") == true)
    }

    @Test func nonStringVersionNamesTheLine() {
        let error = projectError("[project]\nname = \"p\"\nversion = 1.0\n", .init(version: v("2.0")))
        #expect(error?.description == "pyproject.toml:3:11: [project].version is the bare value 1.0; it must be a string")
    }

    @Test func brokenTOMLNamesTheLine() {
        let error = projectError("[project]\nname = \"p\"\nversion = \"1.0\n[tool]\n", .init(version: v("2.0")))
        #expect(error?.description == "pyproject.toml:3:11: the string opened at column 11 is not closed on its line")
    }

    @Test func otherStringForms() throws {
        #expect(try edited("[project]\nversion = \"\"\"1.0\"\"\"\n", .init(version: v("2"))) == "[project]\nversion = \"\"\"2\"\"\"\n")
        #expect(try edited("project.version = '1'\nproject.name = \"p\"\n", .init(version: v("2"))) == "project.version = '2'\nproject.name = \"p\"\n")
        #expect(try edited("project = { name = \"p\", version = \"1\" }\n", .init(version: v("3"))) == "project = { name = \"p\", version = \"3\" }\n")
    }

    @Test func byteOrderMarkIsKept() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("[project]\nversion = \"1\"\n".utf8)
        let out = try PyProject(bytes: bytes).applying(.init(version: v("2"))).bytes
        #expect(out == [0xEF, 0xBB, 0xBF] + Array("[project]\nversion = \"2\"\n".utf8))
    }

    @Test func sameValueChangesNothing() throws {
        let project = try PyProject(Self.setuptools)
        let first = try project.applying(.init(version: v("1.0.0")))
        #expect(first.bytes == Array(Self.setuptools.utf8))
        #expect(first.notes.isEmpty)
        let once = try edited(Self.setuptools, .init(version: v("3.0")))
        #expect(try edited(once, .init(version: v("3.0"))) == once)
    }

    @Test func notesSayWhatChanged() throws {
        let notes = try PyProject(Self.setuptools).applying(.init(version: v("1.2.3"), homepage: "https://h")).notes
        #expect(notes == [
            "pyproject.toml:7: [project].version = \"1.2.3\" (was \"1.0.0\")",
            "pyproject.toml:20: [project.urls].Homepage = \"https://h\" (was \"https://gitlab.com/my_package\")",
        ])
    }

    @Test func noTableForTheVersion() {
        #expect(projectError("[tool.black]\nx = 1\n", .init(version: v("1")))?.message == "there is no [project] (or [tool.poetry]) table to hold the version")
        #expect(projectError("[project]\nname = \"p\"\n", .init(homepage: "not a url"))?.message.contains("is not a URL") == true)
    }

    @Test func gantrySettings() throws {
        let settings = try PyProject("""
        [tool.gantry.version]
        dev-format = "{next_patch}.dev{pipeline_id}"
        files = ["src/pkg/__init__.py", 'src/pkg/_version.py']
        """).versionSettings()
        #expect(settings.devFormat == "{next_patch}.dev{pipeline_id}")
        #expect(settings.files.map(\.path) == ["src/pkg/__init__.py", "src/pkg/_version.py"])
        #expect(try PyProject("[project]\n").versionSettings().devFormat == VersionRules.defaultDevFormat)

        #expect(throws: PythonProjectError(file: "pyproject.toml", line: 2, column: 1, "unknown setting dev_format in [tool.gantry.version] (known: dev-format, files)")) {
            try PyProject("[tool.gantry.version]\ndev_format = \"x\"\n").versionSettings()
        }
        #expect(throws: PythonProjectError.self) { try PyProject("[tool.gantry.version]\ndev-format = \"{sha}\"\n").versionSettings() }
        #expect(throws: PythonProjectError.self) { try PyProject("[tool.gantry.version]\nfiles = \"a.py\"\n").versionSettings() }
        #expect(throws: PythonProjectError.self) { try PyProject("[tool.gantry.version]\nfiles = [\"/etc/x\"]\n").versionSettings() }
    }

    @Test func statedVersion() throws {
        #expect(try PyProject("[project]\nversion = \"1.0.dev0\"\n").statedVersion()?.version.description == "1.0.dev0")
        #expect(try PyProject("[tool.poetry]\nversion = \"2.0\"\n").statedVersion()?.version.description == "2.0")
        #expect(try PyProject("[project]\nname = \"x\"\n").statedVersion() == nil)
        #expect(throws: PythonProjectError(file: "pyproject.toml", line: 2, column: 11, "[project].version '<1.0.0>' is not a PEP 440 version: a version starts with a number, like 1.2.3 or v1.2.3")) {
            try PyProject("[project]\nversion = \"<1.0.0>\"\n").statedVersion()
        }
    }

    @Test func urlLabels() {
        #expect(PyProject.normalizedURLLabel("Home-Page") == "homepage")
        #expect(PyProject.normalizedURLLabel("Home page") == "homepage")
        #expect(PyProject.normalizedURLLabel("Bug Tracker") == "bugtracker")
        #expect(PyProject.isValidURL("https://gitlab.com/g/p"))
        #expect(!PyProject.isValidURL("gitlab.com/g/p"))
        #expect(!PyProject.isValidURL("https://a b"))
    }
}

extension String {
    /// The text with the first occurrence of `target` replaced (it must occur).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else {
            Issue.record("'\(target)' not found")
            return self
        }
        return replacingCharacters(in: range, with: replacement)
    }
}
