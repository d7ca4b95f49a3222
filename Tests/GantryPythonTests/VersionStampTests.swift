import Foundation
import GantryTestSupport
import Testing
@testable import GantryPython

/// A scratch project folder holding `files`.
func scratchProject(_ files: [String: String]) throws -> String {
    try GantryProcess.project(files).path
}

func contents(_ directory: String, _ path: String) -> String? {
    FileManager.default.contents(atPath: directory + "/" + path).map { String(decoding: $0, as: UTF8.self) }
}

@Suite struct VersionStampTests {
    static let pyproject = """
    [project]
    name = "pkg"
    version = "0.1.0"

    [tool.gantry.version]
    files = ["src/pkg/__init__.py"]

    """

    @Test func tagPipeline() throws {
        let dir = try scratchProject(["pyproject.toml": Self.pyproject, "src/pkg/__init__.py": "__version__ = \"0.0.0\"\n"])
        var asked = false
        let outcome = try VersionStamp.plan(.init(tag: "v1.2.3", pipelineID: 5, ref: "v1.2.3", write: true, projectDirectory: dir)) {
            asked = true
            return []
        }
        #expect(!asked, "a tag pipeline does not need git")
        #expect(outcome.version.description == "1.2.3")
        #expect(outcome.origin == "tag v1.2.3")
        #expect(outcome.updates.map(\.path) == [dir + "/pyproject.toml", dir + "/src/pkg/__init__.py"])
        // Planning writes nothing.
        #expect(contents(dir, "pyproject.toml") == Self.pyproject)
        try VersionStamp.write(outcome.updates)
        #expect(contents(dir, "pyproject.toml") == Self.pyproject.replacingFirst("0.1.0", with: "1.2.3"))
        #expect(contents(dir, "src/pkg/__init__.py") == "__version__ = \"1.2.3\"\n")
        // Nothing left over from the atomic writes.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["pyproject.toml", "src"])
    }

    @Test func devVersionFromTheHighestReachableTag() throws {
        let dir = try scratchProject(["pyproject.toml": Self.pyproject, "src/pkg/__init__.py": "__version__ = \"0.0.0\"\n"])
        let outcome = try VersionStamp.plan(.init(pipelineID: 42, ref: "feature/ABC_1", projectDirectory: dir)) {
            ["v0.9.0", "v1.1.0", "v1.0.0", "nightly"]
        }
        #expect(outcome.version.description == "1.1.0.dev42+feature.abc.1")
        #expect(outcome.origin.hasPrefix("last release 1.1.0 (git tag v1.1.0)"))
        #expect(outcome.updates.isEmpty)
    }

    @Test func devVersionFromPyprojectWithoutTags() throws {
        let dir = try scratchProject(["pyproject.toml": "[project]\nname = \"p\"\nversion = \"1.3.0.dev0+old\"\n"])
        let outcome = try VersionStamp.plan(.init(pipelineID: 8, ref: "main", write: true, projectDirectory: dir)) { nil }
        // A committed dev version means "working on 1.3.0".
        #expect(outcome.version.description == "1.3.0.dev8+main")
        #expect(outcome.origin.hasPrefix("last release 1.3.0 (\(dir)/pyproject.toml:3 [project].version)"))
        try VersionStamp.write(outcome.updates)
        #expect(contents(dir, "pyproject.toml") == "[project]\nname = \"p\"\nversion = \"1.3.0.dev8+main\"\n")
        // Running again gives the same version (not 1.3.0.dev8.dev8).
        #expect(try VersionStamp.plan(.init(pipelineID: 8, ref: "main", write: true, projectDirectory: dir)) { nil }.updates.isEmpty)
    }

    @Test func configuredDevFormat() throws {
        let dir = try scratchProject(["pyproject.toml": "[project]\nversion = \"1.2.3\"\n[tool.gantry.version]\ndev-format = \"{next_minor}.dev{pipeline_id}\"\n"])
        #expect(try VersionStamp.plan(.init(pipelineID: 3, ref: "main", projectDirectory: dir)) { nil }.version.description == "1.3.0.dev3")
    }

    @Test func devFormatGivingAnInvalidVersionNamesTheLine() throws {
        let dir = try scratchProject(["pyproject.toml": "[project]\nversion = \"1.2.3\"\n[tool.gantry.version]\ndev-format = \"{last}-{ref_slug}\"\n"])
        #expect(throws: PythonProjectError(file: dir + "/pyproject.toml", line: 4, column: 14, "[tool.gantry.version].dev-format: it gives '1.2.3-main', which is not a PEP 440 version: unexpected '-main' at position 6")) {
            try VersionStamp.plan(.init(pipelineID: 3, ref: "main", projectDirectory: dir)) { nil }
        }
    }

    @Test func nothingToBaseADevVersionOn() throws {
        let dir = try scratchProject(["pyproject.toml": "[project]\nname = \"p\"\ndynamic = [\"version\"]\n"])
        do {
            _ = try VersionStamp.plan(.init(pipelineID: 1, ref: "main", projectDirectory: dir)) { ["junk"] }
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix("no release to base a dev version on: no git tag reachable from HEAD is a version"))
            #expect(error.message.contains("GIT_DEPTH: 0"))
        }
    }

    @Test func missingPipelineID() throws {
        let dir = try scratchProject(["pyproject.toml": Self.pyproject])
        #expect(throws: PythonProjectError(VersionRules.DevFormatError.missingPipelineID.description)) {
            try VersionStamp.plan(.init(ref: "main", projectDirectory: dir)) { nil }
        }
    }

    @Test func invalidTag() throws {
        let dir = try scratchProject(["pyproject.toml": Self.pyproject])
        #expect(throws: PythonProjectError.self) {
            try VersionStamp.plan(.init(tag: "release-candidate", projectDirectory: dir)) { nil }
        }
    }

    @Test func aBrokenFileMeansNothingIsPlanned() throws {
        // The version file lacks a __version__ line: planning fails before any byte is written.
        let dir = try scratchProject(["pyproject.toml": Self.pyproject, "src/pkg/__init__.py": "VERSION = 1\n"])
        #expect(throws: PythonProjectError.self) {
            try VersionStamp.plan(.init(tag: "1.0", write: true, projectDirectory: dir)) { nil }
        }
        let missing = try scratchProject(["pyproject.toml": Self.pyproject])
        #expect(throws: PythonProjectError(file: missing + "/pyproject.toml", line: 6, column: 10, "[tool.gantry.version].files: src/pkg/__init__.py does not exist")) {
            try VersionStamp.plan(.init(tag: "1.0", write: true, projectDirectory: missing)) { nil }
        }
    }

    @Test func writingNeedsAPyproject() throws {
        let dir = try scratchProject([:])
        #expect(try VersionStamp.plan(.init(tag: "1.0", projectDirectory: dir)) { nil }.version.description == "1.0")
        #expect(throws: PythonProjectError.self) { try VersionStamp.plan(.init(tag: "1.0", write: true, projectDirectory: dir)) { nil } }
        #expect(throws: PythonProjectError("--set-name and --set-homepage change pyproject.toml: add --write")) {
            try VersionStamp.plan(.init(tag: "1.0", homepage: "https://h", projectDirectory: dir)) { nil }
        }
    }

    @Test func atomicWriteKeepsPermissionsAndFollowsSymlinks() throws {
        let dir = try scratchProject(["real.toml": "a = 1\n"])
        let real = dir + "/real.toml", link = dir + "/pyproject.toml"
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: real)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        try AtomicFile.write(Array("a = 2\n".utf8), to: link)
        #expect(contents(dir, "real.toml") == "a = 2\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == real)
        let mode = try FileManager.default.attributesOfItem(atPath: real)[.posixPermissions] as? Int
        #expect(mode == 0o640)
    }
}
