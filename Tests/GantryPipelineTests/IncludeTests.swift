import Testing
import GantryPipeline

struct IncludeTests {
    @Test func localIncludeIsMergedUnderTheMainFile() throws {
        let r = load("""
        include: ci/base.yml
        variables: {A: main}
        job: {script: [main]}
        """, files: ["ci/base.yml": "variables: {A: inc, B: inc}\njob: {stage: build, script: [inc]}\nother: {script: [o]}\n"])
        let config = try #require(r.config)
        #expect(config.variables.first { $0.name == "A" }?.value == "main")
        #expect(config.variables.first { $0.name == "B" }?.value == "inc")
        #expect(config.job(named: "job")?.stage == "build")
        #expect(config.job(named: "job")?["script"]?.sequence?.first?.string == "main")
        #expect(config.job(named: "other") != nil)
    }

    @Test func wildcardIncludesEveryMatchingFile() throws {
        let r = load("include:\n  - local: 'ci/*.yml'\n", files: [
            "ci/a.yml": "a: {script: [a]}\n", "ci/b.yml": "b: {script: [b]}\n", "ci/sub/c.yml": "c: {script: [c]}\n",
        ])
        #expect(r.config?.jobs.map(\.name).sorted() == ["a", "b"])
        let deep = load("include:\n  - local: 'ci/**.yml'\n", files: ["ci/a.yml": "a: {script: [a]}\n", "ci/sub/c.yml": "c: {script: [c]}\n"])
        #expect(deep.config?.jobs.map(\.name).sorted() == ["a", "c"])
    }

    @Test func missingLocalFile() {
        let r = load("include: nope.yml\njob: {script: [x]}\n")
        #expect(errors(r) == ["Local file `nope.yml` does not exist!"])
    }

    @Test func nonYAMLExtension() {
        #expect(errors(load("include: {local: ci.txt}\njob: {script: [x]}\n")) == ["Included file `ci.txt` does not have YAML extension!"])
    }

    @Test func builtinTemplateIsServedFromTheBinary() throws {
        let r = load("include:\n  - template: Python.gitlab-ci.yml\n")
        #expect(r.config?.job(named: "test") != nil)
        #expect(r.config?.job(named: "build")?["artifacts"] != nil)
        #expect(errors(load("include: {template: Nope.yml}\n")).first == "Template file `Nope.yml` is not a valid location!")
        #expect(errors(load("include: {template: Nope.gitlab-ci.yml}\n")).first?.hasPrefix("Included file `Nope.gitlab-ci.yml` is empty or does not exist! (no template source is configured: give --template-source URL or set GANTRY_TEMPLATE_SOURCE") == true)
    }

    @Test func remoteAndProjectGiveClearErrors() {
        let remote = errors(load("include: https://example.com/ci.yml\njob: {script: [x]}\n"))
        #expect(remote.first?.hasPrefix("Remote file `https://example.com/ci.yml` could not be fetched") == true)
        let project = errors(load("include: {project: group/tools, file: ci.yml}\njob: {script: [x]}\n"))
        #expect(project.first?.hasPrefix("Project `group/tools` not found or access denied!") == true)
    }

    @Test func includedFileErrorsNameThatFile() {
        let r = load("include: ci/bad.yml\njob: {script: [x]}\n", files: ["ci/bad.yml": "a: [1,\n"])
        #expect(r.diagnostics.errors.first?.mark.file == "ci/bad.yml")
    }

    @Test func nestedIncludes() {
        let r = load("include: a.yml\n", files: ["a.yml": "include: b.yml\na: {script: [a]}\n", "b.yml": "b: {script: [b]}\n"])
        #expect(r.config?.jobs.map(\.name).sorted() == ["a", "b"])
    }
}
