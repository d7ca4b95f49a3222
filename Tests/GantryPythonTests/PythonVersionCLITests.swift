import Foundation
import GantryTestSupport
import Testing

/// `gantry python version` through the built binary, as a job's script runs it.
@Suite(.serialized) struct PythonVersionCLITests {
    /// Runs gantry in `directory` with the test's environment minus every `CI_*` variable (the
    /// tests may themselves run in a pipeline), plus `environment`.
    static func gantry(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> GantryProcess.Result {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CI_") && $0.key != "GITLAB_CI" }
        env.merge(environment) { $1 }
        return try GantryProcess.run(arguments, in: URL(fileURLWithPath: directory), environment: env)
    }

    static func git(_ args: String..., in directory: String) throws {
        try GantryProcess.git(args, in: URL(fileURLWithPath: directory))
    }

    @Test func releaseTags() throws {
        let dir = try scratchProject([:])
        for (tag, version) in [("v1.2.3", "1.2.3"), ("1.2", "1.2"), ("2024.1.0", "2024.1.0"), ("1.2.3rc1", "1.2.3rc1"), ("V1.0-beta.2", "1.0b2")] {
            let r = try Self.gantry(["python", "version", "--tag", tag], in: dir)
            #expect(r.status == 0, "\(tag): \(r.stderr)")
            #expect(r.stdout == version + "\n")
            #expect(r.stderr.isEmpty)
        }
    }

    @Test func invalidTagExitsOne() throws {
        let dir = try scratchProject([:])
        let r = try Self.gantry(["python", "version", "--tag", "release-candidate"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("tag 'release-candidate' is not a PEP 440 version"))
    }

    @Test func pipelineVariablesAreTheDefaults() throws {
        let dir = try scratchProject(["pyproject.toml": "[project]\nname = \"p\"\nversion = \"0.4.0\"\n"])
        let tagged = try Self.gantry(["python", "version"], in: dir,
                                     environment: ["CI_COMMIT_TAG": "v2.0.0", "CI_COMMIT_REF_NAME": "v2.0.0", "CI_PIPELINE_ID": "99"])
        #expect(tagged.stdout == "2.0.0\n")
        let branch = try Self.gantry(["python", "version"], in: dir,
                                     environment: ["CI_COMMIT_TAG": "", "CI_COMMIT_REF_NAME": "feature/ABC_1", "CI_PIPELINE_ID": "1234"])
        #expect(branch.stdout == "0.4.0.dev1234+feature.abc.1\n", "\(branch.stderr)")
        // Flags win over the variables; --ref alone means a branch even in a tag pipeline.
        let flags = try Self.gantry(["python", "version", "--ref", "main", "--pipeline-id", "7"], in: dir,
                                    environment: ["CI_COMMIT_TAG": "v2.0.0", "CI_PIPELINE_ID": "99"])
        #expect(flags.stdout == "0.4.0.dev7+main\n")
        // `--tag "$CI_COMMIT_TAG"` in a branch pipeline: an empty tag is no tag.
        let empty = try Self.gantry(["python", "version", "--tag", "", "--pipeline-id", "7", "--ref", "dev"], in: dir)
        #expect(empty.stdout == "0.4.0.dev7+dev\n")
    }

    @Test func lastReleaseIsTheHighestTagReachableFromHead() throws {
        let dir = try scratchProject(["pyproject.toml": "[project]\nname = \"p\"\nversion = \"0.0.0\"\n", "a.txt": "1"])
        try Self.git("init", "-q", "-b", "main", in: dir)
        try Self.git("add", ".", in: dir)
        try Self.git("commit", "-qm", "one", in: dir)
        try Self.git("tag", "v1.0.0", in: dir)
        try Self.git("tag", "v1.10.0", in: dir)
        try Self.git("tag", "v1.9.0", in: dir)
        try Self.git("tag", "-a", "-m", "annotated", "1.10.1rc1", in: dir)
        try Self.git("tag", "nightly", in: dir)
        // A higher release on another branch is not reachable from main.
        try Self.git("checkout", "-qb", "other", in: dir)
        try Self.git("commit", "-q", "--allow-empty", "-m", "two", in: dir)
        try Self.git("tag", "v9.0.0", in: dir)
        try Self.git("checkout", "-q", "main", in: dir)

        let r = try Self.gantry(["python", "version", "--pipeline-id", "55"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        // The ref defaults to the checked-out branch outside a pipeline.
        #expect(r.stdout == "1.10.1rc1.dev55+main\n")
        let other = try Self.gantry(["python", "version", "--pipeline-id", "55", "--ref", "other", "--project", dir], in: "/")
        #expect(other.stdout == "1.10.1rc1.dev55+other\n")
    }

    /// Outside a pipeline, with no flags: the version a local build of this checkout gets, and on
    /// stderr the inputs that were taken for it.
    @Test func noFlagsOutsideAPipelineGivesTheLocalBuildsVersion() throws {
        let dir = try scratchProject(["pyproject.toml": "[project]\nname = \"p\"\nversion = \"0.4.0\"\n"])
        try Self.git("init", "-q", "-b", "feature/Login", in: dir)
        try Self.git("add", ".", in: dir)
        try Self.git("commit", "-qm", "one", in: dir)
        try Self.git("tag", "v1.2.0", in: dir)
        let r = try Self.gantry(["python", "version"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "1.2.0.dev0+feature.login\n")
        #expect(r.stderr.contains("1.2.0.dev0+feature.login, a local build of this checkout"), "\(r.stderr)")
        #expect(r.stderr.contains("pipeline id 0 (no --pipeline-id and no CI_PIPELINE_ID: not in a pipeline)"), "\(r.stderr)")
        #expect(r.stderr.contains("ref feature/Login (the checked-out branch)"), "\(r.stderr)")
        #expect(r.stderr.contains("last release 1.2.0 (git tag v1.2.0)"), "\(r.stderr)")
        // In a pipeline nothing was guessed: stdout only.
        let ci = try Self.gantry(["python", "version"], in: dir, environment: ["CI_PIPELINE_ID": "8", "CI_COMMIT_REF_NAME": "main"])
        #expect(ci.stdout == "1.2.0.dev8+main\n")
        #expect(ci.stderr.isEmpty, "\(ci.stderr)")
    }

    @Test func writeStampsPyprojectAndVersionFiles() throws {
        let pyproject = Seeds.pyproject + "\n[tool.gantry.version]\nfiles = [\"src/my_package/__init__.py\"]\n"
        let dir = try scratchProject(["pyproject.toml": pyproject, "src/my_package/__init__.py": "__version__ = \"0.0.0\"\n"])
        let r = try Self.gantry(["python", "version", "--write", "--set-name", "my_package",
                                 "--set-homepage", "https://gitlab.com/group/my_package"], in: dir,
                                environment: ["CI_COMMIT_TAG": "v1.4.0", "CI_PIPELINE_ID": "3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "1.4.0\n")
        #expect(contents(dir, "pyproject.toml") == pyproject
            .replacingFirst("name = \"\"\nversion = \"<1.0.0>\"", with: "name = \"my_package\"\nversion = \"1.4.0\"")
            .replacingFirst("https://gitlab.com/my_package", with: "https://gitlab.com/group/my_package"))
        #expect(contents(dir, "src/my_package/__init__.py") == "__version__ = \"1.4.0\"\n")
        #expect(r.stderr.contains("pyproject.toml:7: [project].version = \"1.4.0\" (was \"<1.0.0>\")"))
        #expect(r.stderr.contains("src/my_package/__init__.py:1: __version__ = \"1.4.0\""))
    }

    @Test func brokenPyprojectIsAnErrorNamingTheLineAndLeftAlone() throws {
        let broken = "[project]\nname = \"p\"\nversion = \"1.0\"\nauthors = [\n  {name = \"A\" email = \"a@b\"},\n]\n"
        let dir = try scratchProject(["pyproject.toml": broken])
        let r = try Self.gantry(["python", "version", "--tag", "v2.0", "--write"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "gantry python version: pyproject.toml:5:15: expected ',' or '}' in the inline table opened on line 5, found 'e'\n")
        #expect(contents(dir, "pyproject.toml") == broken)
    }

    @Test func dynamicVersionIsAnError() throws {
        let text = "[project]\nname = \"p\"\ndynamic = [\"version\"]\n\n[tool.setuptools_scm]\n"
        let dir = try scratchProject(["pyproject.toml": text])
        let r = try Self.gantry(["python", "version", "--tag", "v2.0", "--write"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("pyproject.toml:3:12: the version is dynamic"))
        #expect(contents(dir, "pyproject.toml") == text)
        // Without --write the version is still printed.
        #expect(try Self.gantry(["python", "version", "--tag", "v2.0"], in: dir).stdout == "2.0\n")
    }

    @Test func aFailingVersionFileLeavesPyprojectUnwritten() throws {
        let text = "[project]\nname = \"p\"\nversion = \"1.0\"\n[tool.gantry.version]\nfiles = [\"p.py\"]\n"
        let dir = try scratchProject(["pyproject.toml": text, "p.py": "__version__ = get()\n"])
        let r = try Self.gantry(["python", "version", "--tag", "v2.0", "--write"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("p.py:1: __version__ is not a plain string here"))
        #expect(contents(dir, "pyproject.toml") == text)
    }

    @Test func usageErrors() throws {
        let dir = try scratchProject(["pyproject.toml": "[project]\nname = \"p\"\nversion = \"1.0\"\n"])
        for args in [["python"], ["python", "bump"], ["python", "version", "--tag", "1", "--set-name", "-bad-", "--write"],
                     ["python", "version", "--pipeline-id", "12a"], ["python", "version", "--tag", "1", "--set-name", "ok"],
                     ["python", "version", "--tag", "1", "--write", "--set-homepage", "gitlab.com/x"], ["python", "version", "extra"]] {
            let r = try Self.gantry(args, in: dir)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains("usage: gantry python version"), "\(args)")
        }
        // No pipeline id is no error: outside a pipeline it is a local build, dev0.
        let noID = try Self.gantry(["python", "version", "--ref", "main"], in: dir)
        #expect(noID.status == 0)
        #expect(noID.stdout == "1.0.dev0+main\n")
        #expect(noID.stderr.contains("ref main (--ref)"), "\(noID.stderr)")
    }
}
