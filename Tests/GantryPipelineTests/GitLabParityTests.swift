import GantryPipeline
import Testing

/// Issue 16 items 6-8: what GitLab refuses, what it accepts, and its exact words. Expected
/// messages are copied from GitLab's spec files (spec/lib/gitlab/ci/yaml_processor_spec.rb,
/// spec/lib/gitlab/ci/config/entry/*_spec.rb) unless a comment says otherwise.
struct GitLabRefusesTests {
    private func onStop(_ closeReview: String) -> LoadResult {
        load("""
        review:
          stage: deploy
          script: test
          environment: {name: review, on_stop: close_review}
        \(closeReview)
        """)
    }

    @Test func onStopJobMustExistDeployTheSameEnvironmentAndStopIt() throws {
        #expect(errors(onStop("")) == ["review job: on_stop job close_review is not defined"])
        #expect(errors(onStop("close_review: {stage: deploy, script: test}"))
                == ["review job: on_stop job close_review does not have environment defined"])
        #expect(errors(onStop("close_review: {stage: deploy, script: test, environment: production}"))
                == ["review job: on_stop job close_review have different environment name"])
        #expect(errors(onStop("close_review: {stage: deploy, script: test, environment: {name: review}}"))
                == ["review job: on_stop job close_review needs to have action stop defined"])
        #expect(onStop("close_review: {stage: deploy, script: test, environment: {name: review, action: stop}}").isValid)
        // The error points at the `on_stop:` value.
        #expect(onStop("").diagnostics.errors.first?.mark.line == 4)
    }

    @Test func keywordAtTopLevelAndInDefaultIsRefused() {
        let r = load("""
        image: ruby:3.3
        default:
          image: ruby:3.2
        job: {script: [x]}
        """)
        // lib/gitlab/ci/config/entry/default.rb, `overwrite_entry`.
        #expect(errors(r) == ["image is defined in top-level and `default:` entry"])
        #expect(r.diagnostics.errors.first?.mark.line == 3)
        // Each in its own place is fine.
        #expect(load("image: ruby:3.3\ndefault: {before_script: [x]}\njob: {script: [x]}\n").isValid)
    }

    @Test func blankJobNameIsRefused() {
        let r = load("\"\": {script: test}\nok: {script: test}\n")
        #expect(errors(r) == ["jobs:job name can't be blank"])
        #expect(r.diagnostics.errors.first?.mark.line == 1)
    }

    @Test func needsMatrixSelectingNoJobIsAnUndefinedNeed() {
        let yaml = """
        build1:
          stage: build
          script: build
          parallel: {matrix: [{PROVIDER: [aws], STACK: [monitoring, app1, app2]}]}
        test1:
          stage: test
          script: test
          needs: [{job: build1, parallel: {matrix: [{PROVIDER: [aws], STACK: [%@]}]}}]
        """
        #expect(load(yaml.replacingOccurrences(of: "%@", with: "app1")).isValid)
        let r = load(yaml.replacingOccurrences(of: "%@", with: "app9"))
        // Normalizer#expand_needs names the instance, YamlProcessor#validate_job_needs! finds none.
        #expect(errors(r).first?.hasPrefix("test1 job: undefined need: build1: [aws, app9]") == true)
        #expect(r.diagnostics.errors.first?.mark.line == 8)
    }

    @Test func scriptNestedPastTenLevelsThroughReferencesIsRefused() {
        // Each `!reference` in a list is one more level on GitLab: 10 references under the job's
        // own list make 11.
        var yaml = ".r0: {script: [x]}\n"
        for i in 1...9 { yaml += ".r\(i): {script: [!reference [.r\(i - 1), script]]}\n" }
        let tooDeep = yaml + "job: {script: [!reference [.r9, script]]}\n"
        #expect(errors(load(tooDeep)) == [
            "jobs:job:script config should be a string or a nested array of strings up to 10 levels deep "
                + "(GitLab nests the list each `!reference` brings in one level deeper)",
        ])
        let fits = yaml + "job: {script: [!reference [.r8, script]]}\n"
        #expect(load(fits).isValid)
        // The limit is the same for before_script in `default:`.
        #expect(errors(load(yaml + "default: {before_script: [!reference [.r9, script]]}\njob: {script: [x]}\n"))
                .first?.hasPrefix("default:before_script config should be a string or a nested array") == true)
    }

    @Test func includeLimitCountsFilesIncludedByIncludedFiles() {
        // No file lists more than 16 includes, yet 10 + 160 files are loaded in all.
        var files: [String: String] = [:]
        var top = "include:\n"
        for i in 0..<10 {
            top += "  - local: ci/\(i).yml\n"
            files["ci/\(i).yml"] = "include:\n" + (0..<16).map { "  - local: ci/\(i)/\($0).yml\n" }.joined()
            for j in 0..<16 { files["ci/\(i)/\(j).yml"] = "job-\(i)-\(j): {script: [x]}\n" }
        }
        #expect(errors(load(top, files: files)) == ["Maximum of 150 nested includes are allowed!"])
    }

    @Test func bracedVariableInRulesIfIsGitLabsSyntaxError() throws {
        let r = load("""
        job:
          script: x
          rules:
            - if: ${CI_COMMIT_BRANCH} == "main"
        """)
        let message = try #require(errors(r).first)
        #expect(message.hasPrefix("jobs:job:rules:rule if invalid expression syntax"))
        #expect(message.hasSuffix("write `$CI_COMMIT_BRANCH` instead of `${CI_COMMIT_BRANCH}`: expressions take variables only as `$NAME`"))
        #expect(r.diagnostics.errors.first?.mark.line == 4)
        #expect(load("job: {script: x, rules: [{if: '$CI_COMMIT_BRANCH == \"main\"'}]}\n").isValid)
    }

    @Test func booleanVariableValuesAreAcceptedAsGitLabNowDoes() {
        // spec/lib/gitlab/ci/config/entry/variable_spec.rb: SimpleVariable `true | true`, `false | true`
        // (ScalarValidator). Older GitLab refused them with "variables config should be a hash of
        // key value pairs"; today the job gets the text "true".
        #expect(load("variables: {DEBUG: true}\njob: {script: x, variables: {QUIET: false}}\n").isValid)
        // Where YAML changes what was written, Gantry warns.
        let r = load("variables: {DEBUG: yes}\njob: {script: x}\n")
        #expect(r.isValid)
        #expect(r.diagnostics.warnings.first?.message.contains("read as a boolean") == true)
    }
}

struct GitLabAcceptsTests {
    @Test func crossPipelineAndCrossProjectNeedsAreValidAndPlanned() throws {
        let yaml = """
        rspec:
          stage: test
          script: rspec
          needs:
            - pipeline: $PARENT_PIPELINE_ID
              job: dependency-job
            - project: group/library
              job: build
              ref: main
              artifacts: true
        """
        let r = load(yaml)
        #expect(r.isValid, "\(errors(r))")
        let planned = try #require(try plan(yaml)?.get().jobs.first)
        // Needs outside the pipeline order nothing here: the job starts at once.
        #expect(planned.needs == [])
        #expect(planned.crossNeeds.map(\.job) == ["dependency-job", "build"])
        #expect(planned.crossNeeds[0].pipeline == "$PARENT_PIPELINE_ID")
        #expect(planned.crossNeeds[1].project == "group/library" && planned.crossNeeds[1].ref == "main")
    }

    @Test func emptyNeedsWithDependenciesIsValid() {
        let r = load("""
        build: {stage: build, script: x}
        test: {stage: test, script: x, needs: [], dependencies: [build]}
        """)
        #expect(r.isValid, "\(errors(r))")
    }

    @Test func cacheKeyFilesUpToTen() {
        let files = (1...10).map { "file\($0)" }.joined(separator: ", ")
        #expect(load("job: {script: x, cache: {key: {files: [\(files)]}, paths: [vendor]}}\n").isValid)
    }
}

struct GitLabWordingTests {
    @Test func runThatIsNotAnArray() {
        // spec/lib/gitlab/ci/config/entry/job_spec.rb: 'job run value at root is not an array'.
        expectError("build:\n  stage: build\n  run: invalid\n", "jobs:build run value at root is not an array", line: 3)
        expectError("build:\n  run: [name]\n", "jobs:build run value at `/0` is not an object", line: 2)
        expectError("build:\n  run:\n    - script: echo\n", "jobs:build run object at `/0` is missing required properties: name",
                    line: 3)
    }

    @Test func reportsThatAreNotAHash() {
        // spec/lib/gitlab/ci/config/entry/artifacts_spec.rb: 'artifacts reports should be a hash'.
        expectError("""
            test:
              script: x
              artifacts: {paths: [public/], reports: junit.xml}
            """, "jobs:test:artifacts reports should be a hash", line: 3)
    }

    @Test func includeNamingTwoKindsOfFile() {
        // spec/lib/gitlab/ci/config/external/mapper/matcher_spec.rb, with `component` as today.
        let r = load("include:\n  remote: https://example.com/ci.yml\n  local: /local/file.yml\njob: {script: x}\n",
                     files: ["local/file.yml": "a: {script: x}\n"])
        #expect(errors(r) == ["Each include must use only one of: `local`, `project`, `remote`, `template`, `artifact`, `component`"])
    }
}

struct CrossNeedsPlanOutputTests {
    @Test func planShowsNeedsOnOtherPipelines() throws {
        let yaml = "use:\n  script: x\n  needs: [{project: root/library, job: compile, ref: main}]\n"
        let p = try #require(try plan(yaml)?.get())
        #expect(PlanOutput.table(p).contains("[] (starts at once); from other pipelines: compile of project root/library (ref main)"))
        let json = PlanOutput.json(p).serialized(pretty: false)
        #expect(json.contains(#""cross_needs":[{"job":"compile","project":"root/library","ref":"main","artifacts":true}]"#), "\(json)")
    }
}
