import Testing
import GantryPipeline

struct DefaultsTests {
    @Test func jobsTakeDefaultsTheyDoNotSet() throws {
        let config = try #require(load("""
        default:
          image: python:3.11
          before_script: [setup]
          tags: [docker]
        a: {script: [x]}
        b: {script: [x], image: python:3.12}
        """).config)
        #expect(config.job(named: "a")?["image"]?.string == "python:3.11")
        #expect(config.job(named: "b")?["image"]?.string == "python:3.12")
        #expect(config.job(named: "b")?["before_script"]?.sequence?.first?.string == "setup")
    }

    @Test func inheritDefaultFalseOrList() throws {
        let config = try #require(load("""
        default: {image: py, tags: [docker], before_script: [s]}
        none: {script: [x], inherit: {default: false}}
        some: {script: [x], inherit: {default: [tags]}}
        """).config)
        #expect(config.job(named: "none")?["image"] == nil)
        #expect(config.job(named: "none")?["tags"] == nil)
        #expect(config.job(named: "some")?["tags"] != nil)
        #expect(config.job(named: "some")?["image"] == nil)
    }

    @Test func deprecatedGlobalsActAsDefaults() throws {
        let config = try #require(load("image: python:3.11-slim-bullseye\nbefore_script: [python -V]\njob: {script: [x]}\n").config)
        #expect(config.job(named: "job")?["image"]?.string == "python:3.11-slim-bullseye")
        #expect(config.job(named: "job")?["before_script"]?.sequence?.first?.string == "python -V")
    }

    @Test func stagesGetPreAndPost() throws {
        #expect(try #require(load("stages: [a, b]\njob: {stage: a, script: [x]}\n").config).stages == [".pre", "a", "b", ".post"])
        #expect(try #require(load("job: {script: [x]}\n").config).stages == [".pre", "build", "test", "deploy", ".post"])
    }

    @Test func hiddenJobsAreNotJobs() throws {
        let config = try #require(load(".hidden: {script: [x]}\njob: {script: [x]}\n").config)
        #expect(config.jobs.map(\.name) == ["job"])
    }
}

struct GraphValidationTests {
    @Test func unknownStage() {
        let r = load("stages: [build]\njob: {stage: tests, script: [x]}\n")
        #expect(errors(r) == ["job job: chosen stage tests does not exist; available stages are .pre, build, .post"])
        #expect(r.diagnostics.errors.first?.mark.line == 2)
    }

    @Test func needsMissingJob() {
        #expect(errors(load("a: {script: [x], needs: [nope]}\n")) == ["a job: undefined need: nope"])
        #expect(load("a: {script: [x], needs: [{job: nope, optional: true}]}\n").isValid)
    }

    @Test func needsLaterStage() {
        let r = load("build: {stage: build, script: [x], needs: [test]}\ntest: {stage: test, script: [x]}\n")
        #expect(errors(r) == ["build job: need test is not defined in current or prior stages"])
    }

    @Test func dependenciesMissingOrLater() {
        #expect(errors(load("a: {script: [x], dependencies: [nope]}\n")) == ["a job: undefined dependency: nope"])
        let later = load("a: {stage: build, script: [x], dependencies: [b]}\nb: {stage: test, script: [x]}\n")
        #expect(errors(later) == ["a job: dependency b is not defined in current or prior stages"])
    }

    @Test func dependenciesMustBeInNeeds() {
        let r = load("a: {stage: build, script: [x]}\nb: {stage: build, script: [x]}\nc: {stage: test, script: [x], needs: [a], dependencies: [a, b]}\n")
        #expect(errors(r) == ["jobs:c dependencies the b should be part of needs"])
    }

    @Test func needsCycleInOneStage() {
        let r = load("a: {script: [x], needs: [b]}\nb: {script: [x], needs: [a]}\n")
        #expect(errors(r).first?.hasPrefix("The pipeline has circular dependencies") == true)
    }

    @Test func duplicatedNeeds() {
        #expect(errors(load("a: {stage: build, script: [x]}\nb: {script: [x], needs: [a, a]}\n")) == ["b has the following needs duplicated: a."])
    }

    @Test func needOnParallelJobMeansAllInstances() {
        #expect(load("a: {stage: build, script: [x], parallel: 2}\nb: {script: [x], needs: [a]}\n").isValid)
    }

    @Test func nonHashJobs() {
        // The seeds' flattened YAML: `test_job:` is null, `stage:` and `script:` become jobs.
        let r = load("stages:\n- test\ntest_job:\nstage: test\nscript:\n- echo hi\n")
        let messages = errors(r)
        #expect(messages.contains { $0.hasPrefix("jobs test_job config should implement the script:, run:, or trigger: keyword") })
        #expect(messages.contains { $0.hasPrefix("jobs stage config should implement") })
        #expect(messages.contains { $0.hasPrefix("jobs script config should implement") })
    }

    @Test func atLeastOneVisibleJob() {
        #expect(errors(load(".hidden: {script: [x]}\n")) == ["jobs config should contain at least one visible job"])
    }
}
