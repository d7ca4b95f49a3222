import Foundation
import GantryTestSupport
import Testing

/// Where a job lives and what it sees: its variables are expanded in its own workspace (as GitLab's
/// runner expands them in the job's environment), so `$CI_PROJECT_DIR/.cache/pip` is inside the
/// job, caches are saved and come back, nothing is written next to the user's checkout or the
/// server's host, and nothing of the environment of `gantry` reaches the job but a small base.
@Suite(.serialized) struct JobWorkspaceTests {
    /// A git repository with one commit holding `files`, on `main`.
    func repository(_ files: [String: String]) throws -> URL {
        let dir = try GantryProcess.project(files)
        for args in [["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "init"]] {
            try GantryProcess.git(args, in: dir)
        }
        return dir
    }

    /// `gantry ARGS` in `dir` with extra environment variables; stdout and stderr together.
    func gantry(_ args: [String], in dir: URL, environment extra: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let r = try GantryProcess.run(args, in: dir, environment: ProcessInfo.processInfo.environment.merging(extra) { $1 })
        return (r.status, r.stdout + r.stderr)
    }

    static let pipCachePipeline = """
    variables:
      PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"
    deps:
      variables:
        MARKER: "${PIP_CACHE_DIR}/marker"
      cache: {key: pip-$CI_COMMIT_REF_SLUG, paths: [.cache/pip/]}
      script:
        - echo "pip cache in $PIP_CACHE_DIR, job in $CI_PROJECT_DIR"
        - 'case "$PIP_CACHE_DIR" in "$CI_PROJECT_DIR"/*) echo inside the job;; *) echo OUTSIDE the job; exit 1;; esac'
        - 'if [ -f "$MARKER" ]; then echo "cache hit: $(cat "$MARKER")"; else echo "cache miss"; fi'
        - mkdir -p "$PIP_CACHE_DIR" && echo "pipeline $CI_PIPELINE_IID" > "$MARKER"
    """

    @Test func pipCacheDirIsInTheJobAndCachesComeBackOnTheNextRun() throws {
        let dir = try repository([".gitlab-ci.yml": Self.pipCachePipeline])
        let first = try gantry(["run"], in: dir)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("inside the job"), "\(first.output)")
        #expect(first.output.contains("cache miss"))
        #expect(first.output.contains("Created cache pip-main"), "\(first.output)")

        let second = try gantry(["run"], in: dir)
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("Successfully extracted cache pip-main"), "\(second.output)")
        #expect(second.output.contains("cache hit: pipeline 1"), "\(second.output)")
        // Nothing was written into the user's checkout (`.gantry/` ignores itself).
        #expect(try GantryProcess.gitStatus(dir) == "")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".cache").path))
    }

    @Test func theJobSeesItsVariablesAndASmallBaseOnly() throws {
        let dir = try repository([".gitlab-ci.yml": """
        look:
          script:
            - env | cut -d= -f1 | sort > names.txt
            - 'if grep -E "^(GANTRY_|SECRET_OF_THE_HOST)" names.txt; then echo LEAKED_$((1+1)); exit 1; fi'
            - test -n "$PATH" && test -n "$HOME" && test "$LANG" = C.UTF-8
            - test "$CI_PROJECT_DIR" = "$PWD"
            - echo "builds in $CI_BUILDS_DIR, slot $CI_CONCURRENT_ID, server $CI_SERVER"
        """])
        let r = try gantry(["run"], in: dir, environment: [
            "GANTRY_INITIAL_ROOT_TOKEN": "glpat-root-secret", "GANTRY_RUNNER_REGISTRATION_TOKEN": "reg-secret",
            "SECRET_OF_THE_HOST": "x", "LANG": "C.UTF-8",
        ])
        #expect(r.status == 0, "\(r.output)")
        #expect(!r.output.contains("LEAKED_2"))
        #expect(r.output.contains("server yes"))
    }

    @Test func refNamesAreNeverExpandedAndTheDefaultBranchIsProtected() throws {
        let dir = try repository([".gitlab-ci.yml": """
        variables: {SHOWN: "ref=$CI_COMMIT_REF_NAME"}
        show:
          script:
            - 'echo "name=[$CI_COMMIT_REF_NAME] branch=[$CI_COMMIT_BRANCH] slug=[$CI_COMMIT_REF_SLUG] $SHOWN protected=$CI_COMMIT_REF_PROTECTED"'
        """])
        let main = try gantry(["run"], in: dir)
        #expect(main.output.contains("name=[main] branch=[main] slug=[main] ref=main protected=true"), "\(main.output)")

        let branch = "feat$HOME-${PATH}"
        try GantryProcess.git(["checkout", "-q", "-b", branch], in: dir)
        let feature = try gantry(["run"], in: dir)
        #expect(feature.status == 0, "\(feature.output)")
        #expect(feature.output.contains("name=[\(branch)] branch=[\(branch)] slug=[feat-home---path] ref=\(branch) protected=false"),
                "\(feature.output)")
    }

    @Test func dependencyArtifactsThatCannotBeExtractedFailTheJobBeforeItsScript() throws {
        // `spoil` overwrites the archive `make` left for `use` (it finds it from its builds folder).
        let dir = try repository([".gitlab-ci.yml": """
        stages: [build, spoil, use]
        make: {stage: build, script: [mkdir out, echo x > out/f], artifacts: {paths: [out/]}}
        spoil:
          stage: spoil
          dependencies: []
          script:
            - 'for zip in "$CI_BUILDS_DIR"/../../pipelines/$CI_PIPELINE_IID/artifacts/*-make.zip; do echo "not a zip" > "$zip"; done'
        use: {stage: use, needs: [make, spoil], script: [echo THE SCRIPT RAN]}
        """])
        let summary = dir.appendingPathComponent(".gantry-summary.json")
        let r = try gantry(["run", "--json-summary", summary.path], in: dir)
        #expect(r.status == 1, "\(r.output)")
        #expect(r.output.contains("This job could not start because it could not retrieve the needed artifacts: make."), "\(r.output)")
        #expect(!r.output.contains("THE SCRIPT RAN"))
        let json = try #require(try JSONSerialization.jsonObject(with: try Data(contentsOf: summary)) as? [String: Any])
        let use = (json["jobs"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "use" }
        #expect(use?["status"] as? String == "failed")
        #expect(use?["failure_reason"] as? String == "missing_dependency_failure")
    }

    /// The same pipeline on a server's own runner: the job's directory is under the runner's work
    /// directory, never `/builds`; the cache comes back for the second pipeline; the trace says what
    /// GitLab's runner says about uploads, not where the archive lay; no GANTRY_* setting leaks.
    @Test func serverJobsWorkInTheRunnersDirectory() throws {
        let server = try ServerProcess(arguments: ["--runner"])
        defer { server.stop() }
        let name = "ws-" + UUID().uuidString.prefix(8).lowercased()
        _ = try server.python(#"gl.projects.create({"name": "\#(name)"})"#)
        let yaml = Self.pipCachePipeline + """

          artifacts: {paths: [.cache/pip/marker]}
        env:
          script:
            - 'if env | grep -E "^GANTRY_"; then echo LEAKED_$((1+1)); exit 1; fi'
        """
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": yaml])
        try GantryProcess.git(["push", "-q", server.gitURL("root/\(name)"), "main"], in: repo)
        try GantryProcess.git(["commit", "-q", "--allow-empty", "-m", "again"], in: repo)
        // The second pipeline starts after the first has finished, so that its cache is there.
        let script = """
            project = gl.projects.get("root/\(name)")
            for n in (1, 2):
                if n == 2:
                    subprocess.run(["git", "-C", "\(repo.path)", "push", "-q", "\(server.gitURL("root/\(name)"))", "main"], check=True)
                    while len(project.pipelines.list(get_all=True)) < 2:
                        time.sleep(0.2)
                latest = max(project.pipelines.list(get_all=True), key=lambda p: p.id) if n == 2 else first_pipeline(project)
                p = wait_for(project, latest.id)
                print("pipeline", n, p.status)
                sys.stdout.flush()
                for j in p.jobs.list(get_all=True):
                    print("--- trace", n, j.name, j.status)
                    print(project.jobs.get(j.id).trace().decode())
            """
        let out = try server.python("import subprocess\n" + script)
        #expect(out.contains("pipeline 1 success") && out.contains("pipeline 2 success"), "\(out)\n\(server.log)")
        let runnerDirectory = server.data.appendingPathComponent("runner").path
        #expect(out.contains("pip cache in \(runnerDirectory)/"), "\(out)")
        #expect(out.contains("inside the job"))
        #expect(out.contains("cache hit: pipeline 1"), "\(out)")
        #expect(!out.contains("LEAKED_2"))
        #expect(out.contains("Uploading artifacts as \"archive\" to coordinator... 201 Created"), "\(out)")
        #expect(!out.contains(".zip"), "a runner's local archive path in a trace: \(out)")
        #expect(!FileManager.default.fileExists(atPath: "/builds/root/\(name)"))
    }
}

/// The example library's pip cache, for real: its second run restores what the first saved, and
/// pip takes from it what it would otherwise build again. Tools come from PyPI, so one job only.
/// pip caches downloads only when the index allows it (a proxy may strip those headers, as this
/// test machine's does), but caches a wheel it builds from an sdist whatever the network: hence
/// PIP_NO_BINARY for one small package.
@Suite(.serialized) struct ExampleCacheTests {
    @Test func secondRunOfTheExampleRestoresItsPipCache() throws {
        let dir = GantryProcess.scratchRoot.appendingPathComponent("example-cache-\(UUID().uuidString.prefix(8))")
        try ServerProcess.copyExample("pvoutput", to: dir)
        for args in [["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "example"]] {
            try GantryProcess.git(args, in: dir)
        }
        var outputs: [String] = []
        for n in 1...2 {
            let started = Date()
            let r = try GantryProcess.run(["run", "unit-tests", "--variable", "PIP_NO_BINARY=unittest-xml-reporting"] + Wheelhouse.runArguments, in: dir)
            print("example unit-tests, run \(n): exit \(r.status) after \(Int(Date().timeIntervalSince(started))) s")
            #expect(r.status == 0, "\(r.stdout.suffix(3000))")
            outputs.append(r.stdout)
        }
        #expect(outputs[0].contains("Created cache pip-cache"), "\(outputs[0].suffix(3000))")
        #expect(outputs[1].contains("Successfully extracted cache pip-cache"), "\(outputs[1].prefix(3000))")
        // pip took the wheel it built in the first run from the restored cache.
        #expect(outputs[1].contains("Using cached unittest_xml_reporting-"), "\(outputs[1].suffix(3000))")
        let status = try GantryProcess.gitStatus(dir)
        #expect(status.isEmpty, "jobs wrote into the checkout: \(status)")
    }
}
