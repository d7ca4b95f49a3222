import Foundation
import GantryTestSupport
import Testing

/// The command forms scripts depend on: output shape and exit codes.
@Suite(.serialized) struct CommandTests {
    @Test func lintValidPrintsValid() throws {
        let dir = try GantryProcess.project([".gitlab-ci.yml": "job:\n  script: [echo hi]\n"])
        let r = try GantryProcess.run(["lint"], in: dir)
        #expect(r.status == 0)
        #expect(r.stdout == "valid\n")
    }

    @Test func lintErrorsAreFileLineColumnOnStderr() throws {
        let dir = try GantryProcess.project(["ci.yml": "stages: [build]\njob:\n  stage: tests\n  script: [x]\n  needs: [nope]\n"])
        let r = try GantryProcess.run(["lint", "--file", "ci.yml"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("ci.yml:3:10: job job: chosen stage tests does not exist; available stages are .pre, build, .post"))
    }

    @Test func lintWarnsAboutDuplicateKeysButStaysValid() throws {
        let dir = try GantryProcess.project([".gitlab-ci.yml": "variables:\n  A: 'Hi'\n  A: 'Ho'\njob: {script: [x]}\n"])
        let r = try GantryProcess.run(["lint"], in: dir)
        #expect(r.status == 0)
        #expect(r.stdout == "valid\n")
        #expect(r.stderr.contains(".gitlab-ci.yml:3:3: warning: duplicate key 'A' (also at line 2)"))
    }

    @Test func configIsMergedJSON() throws {
        let dir = try GantryProcess.project([".gitlab-ci.yml": """
        .base: &b {image: python:3.11}
        default: {tags: [py]}
        job:
          <<: *b
          extends: .tmpl
          script: [!reference [.snippets, before], run]
        .tmpl: {stage: build}
        .snippets: {before: [prep]}
        """])
        let r = try GantryProcess.run(["config"], in: dir)
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let jobs = try #require(json["jobs"] as? [String: Any])
        #expect(jobs.keys.sorted() == ["job"])
        let job = try #require(jobs["job"] as? [String: Any])
        #expect(job["image"] as? String == "python:3.11")
        #expect(job["stage"] as? String == "build")
        #expect(job["script"] as? [String] == ["prep", "run"])
        #expect(job["tags"] as? [String] == ["py"])
        #expect(job["extends"] == nil)
        #expect(json["stages"] as? [String] == [".pre", "build", "test", "deploy", ".post"])
    }

    @Test func planJSONForBranchAndTag() throws {
        let dir = try GantryProcess.project([".gitlab-ci.yml": """
        build: {stage: build, script: [x]}
        lint: {stage: test, script: [x], needs: [], allow_failure: true}
        publish: {stage: deploy, script: [x], rules: [{if: $CI_COMMIT_TAG}]}
        """])
        let branch = try GantryProcess.run(["plan", "--ref", "main", "--json"], in: dir)
        #expect(branch.status == 0)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(branch.stdout.utf8)) as? [String: Any])
        let jobs = try #require(plan["jobs"] as? [[String: Any]])
        #expect(jobs.map { $0["name"] as? String } == ["build", "lint"])
        #expect(jobs[0]["needs"] is NSNull)
        #expect(jobs[1]["needs"] as? [String] == [])
        #expect(jobs[1]["allow_failure"] as? Bool == true)
        #expect(plan["stages"] as? [String] == ["build", "test"])
        let tag = try GantryProcess.run(["plan", "--tag", "1.0.0", "--json"], in: dir)
        #expect(tag.stdout.contains("\"publish\""))
    }

    @Test func planWithNothingToRunExitsThree() throws {
        let dir = try GantryProcess.project([".gitlab-ci.yml": "workflow: {rules: [{if: $CI_COMMIT_TAG}]}\njob: {script: [x]}\n"])
        let r = try GantryProcess.run(["plan", "--ref", "main"], in: dir)
        #expect(r.status == 3)
        #expect(r.stderr.contains("workflow rules"))
    }

    @Test func malformedRuleNamesJobAndColumn() throws {
        let dir = try GantryProcess.project([".gitlab-ci.yml": "job:\n  script: [x]\n  rules:\n    - if: $A == \"x\" &&\n"])
        let r = try GantryProcess.run(["lint"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("jobs:job:rules:rule if invalid expression syntax"))
        #expect(r.stderr.hasPrefix(".gitlab-ci.yml:4:"))
    }

    @Test func unknownCommandAndBadOptionsExitTwo() throws {
        #expect(try GantryProcess.run(["frobnicate"]).status == 2)
        #expect(try GantryProcess.run(["plan", "--nope"]).status == 2)
    }
}

/// Plan context from a real git checkout: branch, default branch, project path from origin.
@Suite(.serialized) struct GitContextTests {
    @Test func planUsesCurrentBranchAndOriginPath() throws {
        let dir = try GantryProcess.project([".gitlab-ci.yml": """
        on-default: {script: [x], rules: [{if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH}]}
        on-feature: {script: [x], rules: [{if: $CI_COMMIT_BRANCH == "feature/x"}]}
        in-group: {script: [x], rules: [{if: $CI_PROJECT_PATH == "data/pv/pvoutput" && $CI_PROJECT_NAMESPACE == "data/pv" && $CI_PROJECT_NAME == "pvoutput"}]}
        """])
        defer { try? FileManager.default.removeItem(at: dir) }
        try GantryProcess.git(["init", "-q", "-b", "trunk"], in: dir)
        try GantryProcess.git(["remote", "add", "origin", "git@gitlab.example.com:data/pv/pvoutput.git"], in: dir)
        try GantryProcess.git(["add", "."], in: dir)
        try GantryProcess.git(["commit", "-q", "-m", "init"], in: dir)
        try GantryProcess.git(["checkout", "-q", "-b", "feature/x"], in: dir)
        let r = try GantryProcess.run(["plan", "--json", "--default-branch", "trunk"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"on-feature\""))
        #expect(r.stdout.contains("\"in-group\""))
        #expect(!r.stdout.contains("\"on-default\""))
        let onTrunk = try GantryProcess.run(["plan", "--json", "--ref", "trunk", "--default-branch", "trunk"], in: dir)
        #expect(onTrunk.stdout.contains("\"on-default\""))
    }
}
