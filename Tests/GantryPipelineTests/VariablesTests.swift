import Testing
import GantryPipeline

struct VariablesTests {
    @Test func laterLayersWinAndReferencesExpand() {
        var scope = VariableScope()
        scope.set("CI_PROJECT_DIR", "/builds/p")
        scope.set("PIP_CACHE_DIR", "$CI_PROJECT_DIR/.cache/pip")
        scope.set("MODE", "yaml")
        scope.set("MODE", "pipeline")
        let v = scope.resolved()
        #expect(v["PIP_CACHE_DIR"] == "/builds/p/.cache/pip")
        #expect(v["MODE"] == "pipeline")
    }

    @Test func expandFalseAndDollarEscape() {
        var scope = VariableScope()
        scope.set("A", "a")
        scope.set("RAW", "$A-${A}", expand: false)
        scope.set("ESCAPED", "$$A")
        scope.set("BRACED", "${A}x")
        let v = scope.resolved()
        #expect(v["RAW"] == "$A-${A}")
        #expect(v["ESCAPED"] == "$A")
        #expect(v["BRACED"] == "ax")
    }

    @Test func referenceCyclesStayAsWritten() {
        var scope = VariableScope()
        scope.set("X", "$Y")
        scope.set("Y", "$X")
        let v = scope.resolved()
        #expect(v["X"] != nil)
        #expect(v["X"]?.contains("$") == true)
    }

    @Test func yamlDefinitionsKeepGitLabsStringForms() throws {
        let config = try #require(load("""
        variables:
          PY: 3.10
          FLAG: yes
          DESC: {value: "1.0", description: "the version", expand: false}
        j: {script: [x]}
        """).config)
        let byName = Dictionary(uniqueKeysWithValues: config.variables.map { ($0.name, $0) })
        #expect(byName["PY"]?.value == "3.1")
        #expect(byName["FLAG"]?.value == "true")
        #expect(byName["DESC"]?.value == "1.0")
        #expect(byName["DESC"]?.expand == false)
        #expect(byName["DESC"]?.description == "the version")
    }

    @Test func floatVersionsAreWarnedAbout() {
        let r = load("variables:\n  PYTHON_VERSION: 3.10\nj: {script: [x]}\n")
        #expect(r.isValid)
        #expect(r.diagnostics.warnings.contains { $0.message.contains("3.1") && $0.mark.line == 2 })
    }

    @Test func jobVariablesBeatGlobalOnesInRules() {
        let yaml = """
        variables: {TARGET: staging}
        deploy-prod: {script: [x], variables: {TARGET: prod}, rules: [{if: $TARGET == "prod"}]}
        deploy-staging: {script: [x], rules: [{if: $TARGET == "staging"}]}
        """
        #expect(plannedJobs(yaml) == ["deploy-prod", "deploy-staging"])
    }

    @Test func inheritVariablesFalseHidesGlobalsFromRules() {
        let yaml = """
        variables: {DEPLOY: "yes"}
        a: {script: [x], rules: [{if: $DEPLOY}]}
        b: {script: [x], inherit: {variables: false}, rules: [{if: $DEPLOY}]}
        c: {script: [x], inherit: {variables: [OTHER]}, rules: [{if: $DEPLOY}]}
        """
        #expect(plannedJobs(yaml) == ["a"])
    }

    @Test func matrixVariablesReachRules() {
        let yaml = """
        test:
          script: [x]
          parallel: {matrix: [{PY: ["3.11", "3.12"]}]}
          rules: [{if: $PY == "3.12"}]
        """
        #expect(plannedJobs(yaml) == ["test: [3.12]"])
    }

    @Test func refSlug() {
        #expect(PredefinedVariables.slug("Feature/ABC_1.2") == "feature-abc-1-2")
        #expect(PredefinedVariables.slug("-x-") == "x")
        #expect(PredefinedVariables.slug(String(repeating: "a", count: 70)).count == 63)
    }

    @Test func mergeRequestPipelinesHaveNoBranchVariable() throws {
        guard case .success(let p) = plan("j: {script: [x], rules: [{if: $CI_MERGE_REQUEST_SOURCE_BRANCH_NAME}]}\n",
                                          ref: "feature", source: "merge_request_event") else {
            Issue.record("no plan"); return
        }
        #expect(p.variables["CI_COMMIT_BRANCH"] == nil)
        #expect(p.variables["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"] == "feature")
    }
}

struct DateScalarTests {
    @Test func unquotedDatesAreRefusedAsGitLabDoes() {
        let r = load("variables:\n  RELEASED: 2024-01-31\nj: {script: [x]}\n")
        #expect(errors(r).first?.hasPrefix("Tried to load unspecified class: Date") == true)
        #expect(r.diagnostics.errors.first?.mark.line == 2)
        #expect(load("variables:\n  RELEASED: '2024-01-31'\nj: {script: [x]}\n").isValid)
    }
}
