import Testing
import GantryPipeline

struct PlannerTests {
    let releaseRules = """
    build: {stage: build, script: [x]}
    publish:
      stage: deploy
      script: [twine upload dist/*]
      rules:
        - if: $CI_COMMIT_TAG =~ /^v?\\d+\\.\\d+\\.\\d+$/
    dry-run:
      stage: deploy
      script: [twine check dist/*]
      rules:
        - if: $CI_COMMIT_TAG
          when: never
        - when: on_success
    """

    @Test func rulesDecidePerRef() {
        #expect(plannedJobs(releaseRules, ref: "main") == ["build", "dry-run"])
        #expect(plannedJobs(releaseRules, ref: "1.2.3", tag: true) == ["build", "publish"])
        #expect(plannedJobs(releaseRules, ref: "1.2.3-rc1", tag: true) == ["build"])
    }

    @Test func branchAndTagVariablesAreExclusive() throws {
        guard case .success(let onBranch) = plan("j: {script: [x]}\n", ref: "feature/x") else { Issue.record("no plan"); return }
        #expect(onBranch.variables["CI_COMMIT_BRANCH"] == "feature/x")
        #expect(onBranch.variables["CI_COMMIT_TAG"] == nil)
        #expect(onBranch.variables["CI_COMMIT_REF_SLUG"] == "feature-x")
        guard case .success(let onTag) = plan("j: {script: [x]}\n", ref: "v1.0", tag: true) else { Issue.record("no plan"); return }
        #expect(onTag.variables["CI_COMMIT_TAG"] == "v1.0")
        #expect(onTag.variables["CI_COMMIT_BRANCH"] == nil)
    }

    @Test func workflowRulesCanFilterThePipeline() {
        let yaml = """
        workflow:
          rules:
            - if: $CI_PIPELINE_SOURCE == "merge_request_event"
              when: never
            - if: $CI_COMMIT_BRANCH
        job: {script: [x]}
        """
        #expect(plannedJobs(yaml, ref: "main") == ["job"])
        guard case .failure(.noPipeline(let why)) = plan(yaml, ref: "v1", tag: true) else { Issue.record("expected no pipeline"); return }
        #expect(why.reason.contains("workflow rules"))
        guard case .failure(.noPipeline) = plan(yaml, ref: "x", source: "merge_request_event") else { Issue.record("expected no pipeline"); return }
    }

    @Test func workflowRuleVariablesReachJobRules() {
        let yaml = """
        workflow:
          rules:
            - if: $CI_COMMIT_BRANCH == "main"
              variables: {DEPLOY: "yes"}
            - when: always
        deploy: {script: [x], rules: [{if: $DEPLOY == "yes"}]}
        test: {script: [x]}
        """
        #expect(plannedJobs(yaml, ref: "main") == ["deploy", "test"])
        #expect(plannedJobs(yaml, ref: "dev") == ["test"])
    }

    @Test func onlyExcept() {
        let yaml = """
        a: {script: [x], only: [main]}
        b: {script: [x], only: [tags]}
        c: {script: [x], except: [/^release-.*$/]}
        d: {script: [x], only: {variables: [$FLAG == "1"]}}
        e: {script: [x], only: [schedules]}
        f: {script: [x]}
        """
        #expect(plannedJobs(yaml, ref: "main") == ["a", "c", "f"])
        #expect(plannedJobs(yaml, ref: "release-1") == ["f"])
        #expect(plannedJobs(yaml, ref: "v1", tag: true) == ["b", "c", "f"])
        #expect(plannedJobs(yaml, ref: "x", variables: [("FLAG", "1")]) == ["c", "d", "f"])
        #expect(plannedJobs(yaml, ref: "main", source: "schedule") == ["a", "c", "e", "f"])
        // Jobs without rules or only: are not in merge request pipelines.
        #expect(plannedJobs(yaml, ref: "x", source: "merge_request_event") == [])
    }

    @Test func manualJobsAllowFailureDependsOnRules() throws {
        guard case .success(let p) = plan("""
        plain: {script: [x], when: manual}
        ruled: {script: [x], rules: [{when: manual}]}
        chosen: {script: [x], rules: [{when: manual, allow_failure: true}]}
        delayed: {script: [x], when: delayed, start_in: 5 minutes}
        """) else { Issue.record("no plan"); return }
        let byName = Dictionary(uniqueKeysWithValues: p.jobs.map { ($0.name, $0) })
        #expect(byName["plain"]?.allowFailure == true)
        #expect(byName["ruled"]?.allowFailure == false)
        #expect(byName["chosen"]?.allowFailure == true)
        #expect(byName["delayed"]?.startIn == "5 minutes")
    }

    @Test func ruleChangesNeedsAndVariables() throws {
        guard case .success(let p) = plan("""
        a: {stage: build, script: [x]}
        b: {stage: build, script: [x]}
        c:
          stage: test
          script: [x]
          needs: [a]
          rules:
            - if: $CI_COMMIT_BRANCH == "main"
              needs: [b]
              variables: {MODE: full}
        """) else { Issue.record("no plan"); return }
        let c = try #require(p.jobs.first { $0.name == "c" })
        #expect(c.needs?.map(\.job) == ["b"])
        #expect(c.ruleVariables.first?.value == "full")
    }

    @Test func needOnJobLeftOutByRulesFails() {
        let yaml = """
        build: {stage: build, script: [x], rules: [{if: $CI_MERGE_REQUEST_ID}]}
        test: {stage: test, script: [x], needs: [build]}
        """
        guard case .failure(.invalid(let errors)) = plan(yaml) else { Issue.record("expected an error"); return }
        #expect(errors.map(\.message) == ["'test' job needs 'build' job, but 'build' is not in any previous stage"])
        let optional = yaml.replacingOccurrences(of: "needs: [build]", with: "needs: [{job: build, optional: true}]")
        #expect(plannedJobs(optional) == ["test"])
    }

    @Test func parallelAndMatrixNames() throws {
        guard case .success(let p) = plan("""
        unit: {script: [x], parallel: 3}
        test:
          script: [x]
          parallel:
            matrix:
              - PY: ["3.11", "3.12"]
                DB: pg
              - PY: "3.13"
                DB: [mysql]
        after: {stage: deploy, script: [x], needs: [test]}
        """) else { Issue.record("no plan"); return }
        #expect(p.jobs.map(\.name) == ["unit 1/3", "unit 2/3", "unit 3/3", "test: [3.11, pg]", "test: [3.12, pg]", "test: [3.13, mysql]", "after"])
        #expect(p.jobs.last?.needs?.map(\.job) == ["test: [3.11, pg]", "test: [3.12, pg]", "test: [3.13, mysql]"])
    }

    @Test func existsLooksAtProjectFiles() {
        let yaml = "poetry: {script: [x], rules: [{exists: [poetry.lock]}]}\npip: {script: [x]}\n"
        #expect(plannedJobs(yaml, files: ["poetry.lock": ""]) == ["poetry", "pip"])
        #expect(plannedJobs(yaml, files: ["setup.py": ""]) == ["pip"])
    }

    @Test func nothingToRunExplainsWhy() {
        guard case .failure(.noPipeline(let why)) = plan("a: {script: [x], rules: [{if: $NEVER}]}\n") else {
            Issue.record("expected no pipeline"); return
        }
        #expect(why.reason.contains("a: no rule matches"))
    }

    @Test func pipelineVariablesOverrideYAML() {
        let yaml = "variables: {MODE: fast}\nj: {script: [x], rules: [{if: $MODE == \"slow\"}]}\nk: {script: [x]}\n"
        #expect(plannedJobs(yaml) == ["k"])
        #expect(plannedJobs(yaml, variables: [("MODE", "slow")]) == ["j", "k"])
    }
}
