import Foundation
import GantryTestSupport
import Testing

/// `gantry run` end to end: real git checkouts, real bash, the binary as users start it.
@Suite(.serialized) struct RunTests {
    /// A git repository with one commit holding `files`.
    func repository(_ files: [String: String]) throws -> URL {
        let dir = try GantryProcess.project(files)
        for args in [["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "init"]] {
            try GantryProcess.git(args, in: dir)
        }
        return dir
    }

    struct Summary {
        var status: String
        var warnings: Bool
        var jobs: [String: [String: Any]]
        func status(_ job: String) -> String? { jobs[job]?["status"] as? String }
    }

    func run(_ dir: URL, _ args: [String] = []) throws -> (GantryProcess.Result, Summary) {
        let summaryFile = dir.appendingPathComponent(".gantry-summary.json")
        let r = try GantryProcess.run(["run", "--json-summary", summaryFile.path] + args, in: dir)
        let data = try #require(FileManager.default.contents(atPath: summaryFile.path), "no summary; stderr: \(r.stderr)")
        try? FileManager.default.removeItem(at: summaryFile)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let pipeline = try #require(json["pipeline"] as? [String: Any])
        var jobs: [String: [String: Any]] = [:]
        for job in json["jobs"] as? [[String: Any]] ?? [] { jobs[job["name"] as? String ?? ""] = job }
        return (r, Summary(status: pipeline["status"] as? String ?? "", warnings: pipeline["has_warnings"] as? Bool ?? false, jobs: jobs))
    }

    func log(_ dir: URL, _ job: String) throws -> String { try GantryProcess.jobLog(dir, job) }

    @Test func failingJobSkipsLaterStagesAndAfterScriptStillRuns() throws {
        let dir = try repository([".gitlab-ci.yml": """
        build:
          stage: build
          script: [echo building, "false", echo never-printed]
          after_script: ['echo "after: $CI_JOB_STATUS"']
        test: {stage: test, script: [echo testing]}
        cleanup: {stage: deploy, script: [echo cleaning], when: on_failure}
        always: {stage: deploy, script: [echo always], when: always}
        """])
        let (r, s) = try run(dir)
        #expect(r.status == 1)
        #expect(s.status == "failed")
        #expect(s.status("build") == "failed")
        #expect(s.status("test") == "skipped")
        #expect(s.status("cleanup") == "success")
        #expect(s.status("always") == "success")
        let buildLog = try log(dir, "build")
        #expect(buildLog.contains("$ echo building"))
        #expect(!buildLog.contains("never-printed"))
        #expect(buildLog.contains("after: failed"))
    }

    @Test func onFailureJobIsSkippedWhenAllSucceed() throws {
        let dir = try repository([".gitlab-ci.yml": "a: {stage: build, script: [echo a]}\nb: {stage: test, script: [echo b], when: on_failure}\n"])
        let (r, s) = try run(dir)
        #expect(r.status == 0)
        #expect(s.status == "success")
        #expect(s.status("b") == "skipped")
    }

    @Test func allowedFailureLeavesPipelineGreenWithWarning() throws {
        let dir = try repository([".gitlab-ci.yml": """
        lint: {stage: test, script: ["exit 3"], allow_failure: true}
        codes: {stage: test, script: ["exit 42"], allow_failure: {exit_codes: [42]}}
        deploy: {stage: deploy, script: [echo deployed]}
        """])
        let (r, s) = try run(dir)
        #expect(r.status == 0)
        #expect(s.status == "success")
        #expect(s.warnings)
        #expect(s.status("lint") == "failed")
        #expect(s.status("codes") == "failed")
        #expect(s.status("deploy") == "success")
        #expect(r.stdout.contains("success with warnings"))
    }

    @Test func artifactsReachExactlyTheJobsGitLabGivesThem() throws {
        let dir = try repository([".gitlab-ci.yml": """
        make-a: {stage: build, script: ["mkdir -p out && echo A > out/a.txt"], artifacts: {paths: [out/a.txt]}}
        make-b: {stage: build, script: ["echo B > b.txt"], artifacts: {paths: ["*.txt"]}}
        default-deps: {stage: test, script: ["cat out/a.txt b.txt"]}
        only-b: {stage: test, dependencies: [make-b], script: ["test ! -e out/a.txt && cat b.txt"]}
        none: {stage: test, dependencies: [], script: ["test ! -e out/a.txt && test ! -e b.txt"]}
        needs-a: {stage: test, needs: [make-a], script: ["cat out/a.txt && test ! -e b.txt"]}
        needs-no-artifacts: {stage: test, needs: [{job: make-a, artifacts: false}], script: ["test ! -e out/a.txt"]}
        """])
        let (r, s) = try run(dir)
        #expect(r.status == 0, "\(r.stdout)")
        for job in ["default-deps", "only-b", "none", "needs-a", "needs-no-artifacts"] {
            #expect(s.status(job) == "success", "\(job)")
        }
    }

    @Test func dotenvReportFeedsLaterJobs() throws {
        let dir = try repository([".gitlab-ci.yml": """
        version:
          stage: build
          script: ['echo "PACKAGE_VERSION=1.2.3.dev$CI_PIPELINE_IID" > build.env']
          artifacts: {reports: {dotenv: build.env}}
        use:
          stage: test
          script: ['test "$PACKAGE_VERSION" = "1.2.3.dev$CI_PIPELINE_IID"', 'echo "got $PACKAGE_VERSION"']
        """])
        let (r, s) = try run(dir)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(s.status("use") == "success")
        #expect(try log(dir, "use").contains("got 1.2.3.dev"))
    }

    @Test func cacheSurvivesToTheNextRun() throws {
        let dir = try repository([".gitlab-ci.yml": """
        deps:
          cache: {key: venv-$CI_COMMIT_REF_SLUG, paths: [.venv/]}
          script:
            - 'if [ -f .venv/marker ]; then echo "cache hit: $(cat .venv/marker)"; else mkdir -p .venv && echo run-$CI_PIPELINE_IID > .venv/marker && echo "cache miss"; fi'
        """])
        let (first, _) = try run(dir)
        #expect(first.status == 0)
        #expect(try log(dir, "deps").contains("cache miss"))
        let (second, _) = try run(dir)
        #expect(second.status == 0)
        #expect(try log(dir, "deps").contains("cache hit: run-1"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".gantry/cache/venv-main.zip").path))
    }

    @Test func workspaceIsAFreshCopyAndTheCheckoutIsUntouched() throws {
        let dir = try repository([".gitlab-ci.yml": """
        look:
          script:
            - test "$CI_PROJECT_DIR" != "$ORIGINAL"
            - grep -q changed notes.txt
            - test ! -e untracked.txt
            - test -d .git
            - echo appended >> notes.txt
        """, "notes.txt": "committed\n"])
        try "committed\nchanged\n".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try "scratch\n".write(to: dir.appendingPathComponent("untracked.txt"), atomically: true, encoding: .utf8)
        let (r, s) = try run(dir, ["--variable", "ORIGINAL=\(dir.path)"])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(s.status("look") == "success")
        #expect(try String(contentsOf: dir.appendingPathComponent("notes.txt"), encoding: .utf8) == "committed\nchanged\n")
    }

    @Test func predefinedAndMatrixVariables() throws {
        let dir = try repository([".gitlab-ci.yml": """
        variables: {GREETING: "hello $CI_COMMIT_REF_NAME", RAW: {value: "$GREETING", expand: false}}
        test:
          parallel: {matrix: [{PY: ["3.11", "3.12"]}]}
          script:
            - echo "job=$CI_JOB_NAME stage=$CI_JOB_STAGE node=$CI_NODE_INDEX/$CI_NODE_TOTAL py=$PY"
            - test "$GREETING" = "hello main"
            - test "$RAW" = '$GREETING'
            - test "$CI" = true && test "$GITLAB_CI" = true && test -n "$CI_COMMIT_SHA" && test "$CI_COMMIT_BRANCH" = main
            - gantry --help | grep -q "gantry run"
        """])
        let (r, s) = try run(dir)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(s.status("test: [3.11]") == "success")
        #expect(try log(dir, "test-3-12").contains("job=test: [3.12] stage=test node=2/2 py=3.12"))
    }

    @Test func maskedValuesNeverAppear() throws {
        let dir = try repository([".gitlab-ci.yml": "leak: {script: ['echo token is $TOKEN', 'echo $TOKEN >&2']}\n"])
        let (r, _) = try run(dir, ["--masked-variable", "TOKEN=s3cr3t-value"])
        #expect(r.status == 0)
        #expect(!r.stdout.contains("s3cr3t-value"))
        let text = try log(dir, "leak")
        #expect(!text.contains("s3cr3t-value"))
        #expect(text.contains("token is [MASKED]"))
    }

    @Test func timeoutEndsTheWholeProcessGroup() throws {
        let marker = "gantry-stray-\(UUID().uuidString.prefix(8))"
        let dir = try repository([".gitlab-ci.yml": """
        slow:
          timeout: 2 seconds
          script: ["bash -c 'exec -a \(marker) sleep 300' &", "sleep 300"]
        """])
        let started = Date()
        let (r, s) = try run(dir)
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(r.status == 1)
        #expect(s.status("slow") == "failed")
        #expect(s.jobs["slow"]?["failure_reason"] as? String == "job_execution_timeout")
        let gone = try Waiting.until(20) { try !Waiting.processRuns(matching: marker) }
        #expect(gone, "a process of the timed-out job is still running")
    }

    @Test func retryRunsAgain() throws {
        let dir = try repository([".gitlab-ci.yml": """
        flaky:
          retry: 2
          script: ['n=$(cat /tmp/$CI_PROJECT_NAME-tries 2>/dev/null || echo 0); n=$((n+1)); echo $n > /tmp/$CI_PROJECT_NAME-tries; test $n -ge 2']
        """])
        let (r, s) = try run(dir)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(s.jobs["flaky"]?["attempts"] as? Int == 2)
    }

    @Test func junitAndCoverageAreSummarised() throws {
        let junit = """
        <?xml version="1.0"?><testsuites><testsuite name="t" tests="3" failures="1" errors="0" skipped="1">
        <testcase classname="t.T" name="a" time="0.1"/><testcase classname="t.T" name="b"><failure message="boom">x</failure></testcase>
        <testcase classname="t.T" name="c"><skipped/></testcase></testsuite></testsuites>
        """
        let dir = try repository([".gitlab-ci.yml": """
        unit:
          script: ['cp fixture.xml report.xml', 'echo "TOTAL     120     12    90%"']
          coverage: '/TOTAL.*? (\\d+(?:\\.\\d+)?)%$/'
          artifacts: {when: always, reports: {junit: report.xml}}
        """, "fixture.xml": junit])
        let (r, s) = try run(dir)
        #expect(r.status == 0, "\(r.stdout)")
        let tests = try #require(s.jobs["unit"]?["tests"] as? [String: Any])
        #expect(tests["total"] as? Int == 3)
        #expect(tests["failures"] as? Int == 1)
        #expect(tests["skipped"] as? Int == 1)
        #expect(s.jobs["unit"]?["coverage"] as? Double == 90)
        #expect(r.stdout.contains("tests 3, failures 1"))
    }

    @Test func namedJobsRunAloneOrWithTheirNeeds() throws {
        let dir = try repository([".gitlab-ci.yml": """
        build: {stage: build, script: [echo b], artifacts: {paths: [x]}}
        other: {stage: build, script: [echo o]}
        test: {stage: test, needs: [build], script: [echo t]}
        """])
        let (alone, s1) = try run(dir, ["test"])
        #expect(alone.status == 0)
        #expect(Set(s1.jobs.keys) == ["test"])
        let (withNeeds, s2) = try run(dir, ["test", "--needs"])
        #expect(withNeeds.status == 0)
        #expect(Set(s2.jobs.keys) == ["build", "test"])
        let unknown = try GantryProcess.run(["run", "nope"], in: dir)
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("no job 'nope'"))
    }

    @Test func manualJobsWaitUnlessPlayed() throws {
        let dir = try repository([".gitlab-ci.yml": "deploy: {script: [echo deployed], when: manual}\ntest: {script: [echo ok]}\n"])
        let (_, s1) = try run(dir)
        #expect(s1.status("deploy") == "manual")
        #expect(s1.status("test") == "success")
        let (_, s2) = try run(dir, ["--manual", "deploy"])
        #expect(s2.status("deploy") == "success")
    }

    @Test func imageIsNotedNotUsed() throws {
        let dir = try repository([".gitlab-ci.yml": "j: {image: python:3.11-slim, script: [echo hi]}\n"])
        let (r, _) = try run(dir)
        #expect(r.status == 0)
        #expect(try log(dir, "j").contains("image python:3.11-slim is not used"))
    }

    @Test func nothingPlannedExitsThree() throws {
        let dir = try repository([".gitlab-ci.yml": "j: {script: [x], rules: [{if: $CI_COMMIT_TAG}]}\n"])
        let r = try GantryProcess.run(["run"], in: dir)
        #expect(r.status == 3)
    }

    @Test func delayedJobStartsAfterItsDelay() throws {
        let dir = try repository([".gitlab-ci.yml": "later: {script: [echo late], when: delayed, start_in: 2 seconds}\n"])
        let started = Date()
        let (r, s) = try run(dir)
        #expect(r.status == 0)
        #expect(s.status("later") == "success")
        #expect(Date().timeIntervalSince(started) >= 2)
    }

    @Test func interruptCancelsCleanly() throws {
        let marker = "gantry-int-\(UUID().uuidString.prefix(8))"
        let dir = try repository([".gitlab-ci.yml": """
        long:
          script: ["bash -c 'exec -a \(marker) sleep 300' &", "sleep 300"]
          after_script: [echo after]
        next: {stage: deploy, script: [echo next]}
        """])
        let process = try GantryProcess.start(["run"], in: dir)
        // Interrupted once the job runs (its marked background process has started).
        let started = try Waiting.until(30) { try Waiting.processRuns(matching: marker) }
        #expect(started, "the job did not start")
        process.interrupt()
        let ended = Waiting.until(30) { !process.isRunning }
        #expect(ended, "gantry run did not end after the interrupt")
        if ended { #expect(process.terminationStatus == 130) }
        let gone = try Waiting.until(20) { try !Waiting.processRuns(matching: marker) }
        #expect(gone, "a process of the interrupted job is still running")
    }
}
