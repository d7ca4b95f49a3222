import Testing
import GantryPipeline

/// A job's variables go to the runner expanded as far as the pipeline knows, and the runner
/// finishes the expansion with what only it knows: the job's own directory.
struct JobVariableTests {
    func layers(_ yaml: String, ref: String = "main", tag: Bool = false) throws -> (VariableLayers, JobInstance) {
        let config = try #require(load(yaml).config)
        let context = PlanContext(ref: ref, refKind: tag ? .tag : .branch, pipelineID: 7)
        let instance = try #require(config.instances.first)
        return (VariableLayers(context: context, global: config.variables), instance)
    }

    func environment(_ yaml: String, ref: String = "main", tag: Bool = false,
                     runner: [(String, String)] = [("CI_PROJECT_DIR", "/w/builds/0/p"), ("CI_BUILDS_DIR", "/w/builds/0")])
        throws -> [String: String] {
        let (layers, instance) = try layers(yaml, ref: ref, tag: tag)
        let payload = layers.jobVariables(instance, jobPredefined: [("CI_JOB_ID", "42")], rule: [], dotenv: [])
        return JobVariable.environment(payload, runner: runner)
    }

    @Test func projectDirectoryIsTheJobsOwn() throws {
        let yaml = """
        variables: {PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip", UP: "${CI_BUILDS_DIR}x"}
        j: {script: [x], variables: {OUT: "$PIP_CACHE_DIR/out-$CI_JOB_ID"}}
        """
        let env = try environment(yaml)
        #expect(env["PIP_CACHE_DIR"] == "/w/builds/0/p/.cache/pip")
        #expect(env["OUT"] == "/w/builds/0/p/.cache/pip/out-42")
        #expect(env["UP"] == "/w/builds/0x")
        // Another runner, another directory: the same payload.
        let other = try environment(yaml, runner: [("CI_PROJECT_DIR", "/r/p")])
        #expect(other["PIP_CACHE_DIR"] == "/r/p/.cache/pip")
    }

    @Test func theServerKeepsWhatOnlyTheRunnerKnows() throws {
        let (layers, instance) = try layers("variables: {P: \"$CI_PROJECT_DIR/x\", N: \"$CI_JOB_NAME\"}\nj: {script: [x]}\n")
        let payload = Dictionary(uniqueKeysWithValues: layers.jobVariables(instance, jobPredefined: [], rule: [], dotenv: [])
            .map { ($0.key, $0) })
        #expect(payload["P"]?.value == "${CI_PROJECT_DIR}/x")
        #expect(payload["N"]?.value == "j")
        #expect(payload["CI_COMMIT_REF_NAME"]?.raw == true)
        #expect(payload["CI_PIPELINE_ID"]?.value == "7")
        // Rules never see job-only variables.
        let rules = layers.jobScope(instance).resolved()
        #expect(rules["CI_PROJECT_DIR"] == nil && rules["CI_PIPELINE_ID"] == nil)
        #expect(rules["CI_JOB_NAME"] == "j" && rules["CI_NODE_TOTAL"] == "1")
    }

    @Test func dollarsInRefNamesAndLiteralsStayLiteral() throws {
        let yaml = """
        variables: {B: "$CI_COMMIT_REF_NAME", ESC: "a$$b", RAW: {value: "$HOME", expand: false}, R2: "$RAW", E2: "$ESC-$$-x"}
        j: {script: [x]}
        """
        let env = try environment(yaml, ref: "feat$HOME${PATH}")
        #expect(env["CI_COMMIT_REF_NAME"] == "feat$HOME${PATH}")
        #expect(env["CI_COMMIT_BRANCH"] == "feat$HOME${PATH}")
        #expect(env["B"] == "feat$HOME${PATH}")
        #expect(env["CI_COMMIT_REF_SLUG"] == "feat-home--path")
        #expect(env["ESC"] == "a$b")
        #expect(env["RAW"] == "$HOME")
        #expect(env["R2"] == "$HOME")
        #expect(env["E2"] == "a$b-$-x")
    }

    @Test func refProtectedIsTrueOnlyForTheDefaultBranchByDefault() throws {
        #expect(try environment("j: {script: [x]}\n")["CI_COMMIT_REF_PROTECTED"] == "true")
        #expect(try environment("j: {script: [x]}\n", ref: "feature")["CI_COMMIT_REF_PROTECTED"] == "false")
        #expect(try environment("j: {script: [x]}\n", ref: "main", tag: true)["CI_COMMIT_REF_PROTECTED"] == "false")
        let given = PlanContext(ref: "feature", refProtected: true)
        #expect(PredefinedVariables.forPipeline(given).contains { $0 == ("CI_COMMIT_REF_PROTECTED", "true") })
    }

    @Test func unknownNamesAreEmptyAndCyclesEnd() throws {
        let env = try environment("variables: {A: \"x$NOPE\", X: \"$Y\", Y: \"$X\"}\nj: {script: [x]}\n")
        #expect(env["A"] == "x")
        #expect(env["X"] != nil && env["Y"] != nil)
    }
}
