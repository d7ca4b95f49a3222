import Foundation
import GantryTestSupport
import Testing

/// GitLab's git strategies with `gantry run`: real checkouts, real git, real jobs. Each slot keeps
/// a working copy (`GIT_STRATEGY: fetch`) that the next job finds reset and cleaned.
@Suite(.serialized) struct GitStrategyTests {
    /// A git repository on `main` holding `files`, with `extraCommits` more commits after the first.
    func repository(_ files: [String: String], extraCommits: Int = 0) throws -> URL {
        let dir = try GantryProcess.project(files)
        for args in [["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "init"]] {
            try GantryProcess.git(args, in: dir)
        }
        for n in 0..<extraCommits {
            try GantryProcess.git(["commit", "-q", "--allow-empty", "-m", "commit \(n + 2)"], in: dir)
        }
        return dir
    }

    func gantry(_ args: [String], in dir: URL) throws -> (status: Int32, output: String) {
        let r = try GantryProcess.run(args, in: dir)
        return (r.status, r.stdout + r.stderr)
    }

    func log(_ dir: URL, _ job: String) throws -> String { try GantryProcess.jobLog(dir, job) }

    @Test func fetchGivesTheNextJobTheSameCopyWithNothingTheLastJobLeft() throws {
        let dir = try repository([".gitignore": "build/\n", "tracked.txt": "committed\n", ".gitlab-ci.yml": """
        stages: [one, two]
        dirty:
          stage: one
          script:
            - echo scribbled > tracked.txt
            - echo left > untracked.txt
            - mkdir -p build && echo ignored > build/out.txt
            - 'echo "copy at $CI_PROJECT_DIR"'
        check:
          stage: two
          script:
            - 'test ! -e untracked.txt && test ! -e build && echo "NOTHING LEFT"'
            - 'echo "tracked is $(cat tracked.txt)"'
            - 'echo "copy at $CI_PROJECT_DIR"'
        """])
        let r = try gantry(["run", "--concurrency", "1"], in: dir)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("NOTHING LEFT"), "\(r.output)")
        #expect(r.output.contains("tracked is committed"), "\(r.output)")
        let copies = Set(r.output.split(separator: "\n").filter { $0.contains("copy at /") }.map { $0.split(separator: "copy at ").last! })
        #expect(copies.count == 1, "\(copies)")
        let check = try log(dir, "check")
        #expect(check.contains("Fetching changes..."))
        #expect(check.contains("Reinitialized existing Git repository in"), "\(check)")
        #expect(check.contains("Removing untracked.txt") && check.contains("Removing build/"), "\(check)")
        // The copy stays for the next run's jobs; the checkout itself is untouched.
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".gantry/builds/0/\(dir.lastPathComponent)/.git").path))
        #expect(try GantryProcess.gitStatus(dir) == "")
    }

    @Test func anUncommittedChangeToATrackedFileReachesEveryJob() throws {
        let dir = try repository(["tracked.txt": "committed\n", "gone.txt": "x\n", ".gitlab-ci.yml": """
        stages: [one, two]
        .look: {script: ['echo "tracked=$(cat tracked.txt) gone=$(test -e gone.txt && echo present || echo absent)"']}
        a: {stage: one, extends: .look}
        b: {stage: one, extends: .look}
        c: {stage: two, extends: .look}
        d: {stage: two, extends: .look, variables: {GIT_STRATEGY: clone}}
        """])
        try "uncommitted\n".write(to: dir.appendingPathComponent("tracked.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("gone.txt"))
        for _ in 1...2 {
            let r = try gantry(["run", "--concurrency", "2"], in: dir)
            #expect(r.status == 0, "\(r.output)")
            #expect(r.output.components(separatedBy: "tracked=uncommitted gone=absent").count - 1 == 4, "\(r.output)")
        }
    }

    @Test func noneLeavesNoCheckoutButArtifactsComeAndEmptyGivesAnEmptyFolder() throws {
        let dir = try repository(["tracked.txt": "committed\n", ".gitlab-ci.yml": """
        stages: [one, two, three]
        make:
          stage: one
          variables: {GIT_STRATEGY: empty}
          script: ['test -z "$(ls -A)" && echo "EMPTY at $CI_PROJECT_DIR"', mkdir out, echo made > out/a.txt]
          artifacts: {paths: [out/]}
        deploy:
          stage: two
          variables: {GIT_STRATEGY: none}
          script: ['test ! -e .git && test ! -e tracked.txt && echo "NO CHECKOUT, artifact says $(cat out/a.txt)"']
        after:
          stage: three
          variables: {GIT_STRATEGY: empty}
          dependencies: []
          script: ['test -z "$(ls -A)" && echo "EMPTY again"']
        """])
        let r = try gantry(["run", "--concurrency", "1"], in: dir)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("EMPTY at \(dir.path)/.gantry/builds/0/\(dir.lastPathComponent)-empty"), "\(r.output)")
        #expect(r.output.contains("NO CHECKOUT, artifact says made"), "\(r.output)")
        #expect(r.output.contains("EMPTY again"), "\(r.output)")
        #expect(try log(dir, "deploy").contains("Skipping Git repository setup"))
        #expect(try log(dir, "make").contains("Skipping Git repository setup and creating an empty build directory"))
    }

    @Test func gitDepthOneGivesAShallowHistoryAndTheNextJobAllOfIt() throws {
        let dir = try repository(["a.txt": "a\n", ".gitlab-ci.yml": """
        stages: [one, two]
        shallow:
          stage: one
          variables: {GIT_DEPTH: "1"}
          script: ['echo "commits=$(git log --oneline | wc -l) shallow=$(git rev-parse --is-shallow-repository)"']
        deep:
          stage: two
          script: ['echo "commits=$(git log --oneline | wc -l) shallow=$(git rev-parse --is-shallow-repository)"']
        """], extraCommits: 2)
        let r = try gantry(["run", "--concurrency", "1"], in: dir)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("commits=1 shallow=true"), "\(r.output)")
        #expect(r.output.contains("commits=3 shallow=false"), "\(r.output)")
        #expect(try log(dir, "shallow").contains("Fetching changes with git depth set to 1..."))
    }

    @Test func gitCheckoutFalseAndCleanFlagsNone() throws {
        let dir = try repository(["a.txt": "a\n", ".gitlab-ci.yml": """
        stages: [one, two, three]
        leave: {stage: one, script: [echo kept > kept.txt]}
        keep:
          stage: two
          variables: {GIT_CLEAN_FLAGS: none}
          script: ['test -e kept.txt && echo "KEPT FILE"']
        bare:
          stage: three
          variables: {GIT_STRATEGY: clone, GIT_CHECKOUT: "false"}
          script: ['test -d .git && test ! -e a.txt && echo "NO FILES CHECKED OUT"']
        """])
        let r = try gantry(["run", "--concurrency", "1"], in: dir)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("KEPT FILE"), "\(r.output)")
        #expect(r.output.contains("NO FILES CHECKED OUT"), "\(r.output)")
        #expect(try log(dir, "bare").contains("Skipping Git checkout"))
    }

    @Test func submodulesComeWithTheNormalStrategyFromTheUsersCheckout() throws {
        let library = try repository(["lib.txt": "library\n"])
        let dir = try repository(["a.txt": "a\n", ".gitlab-ci.yml": """
        stages: [one, two]
        with:
          stage: one
          variables: {GIT_SUBMODULE_STRATEGY: normal}
          script: ['echo "submodule says $(cat lib/lib.txt)"', echo scribbled > lib/lib.txt]
        again:
          stage: two
          variables: {GIT_SUBMODULE_STRATEGY: recursive}
          script: ['echo "submodule again says $(cat lib/lib.txt)"']
        """])
        try GantryProcess.git(["-c", "protocol.file.allow=always", "submodule", "add", "-q", library.path, "lib"], in: dir)
        try GantryProcess.git(["commit", "-q", "-m", "submodule"], in: dir)
        let r = try gantry(["run", "--concurrency", "1"], in: dir)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("submodule says library"), "\(r.output)")
        #expect(r.output.contains("submodule again says library"), "\(r.output)")
        #expect(try log(dir, "with").contains("Updating/initializing submodules..."))
        #expect(try log(dir, "again").contains("Updating/initializing submodules recursively..."))
    }

    /// Jobs side by side, in one run and in two runs of the same checkout at once: each job claims
    /// its folder with a `mkdir` that fails when another job holds the folder.
    @Test func twoConcurrentJobsNeverShareAWorkingCopy() throws {
        var yaml = ""
        for n in 1...4 {
            yaml += """
            job\(n):
              script:
                - 'mkdir .claim || { echo "SHARED_$((1+1)) $CI_PROJECT_DIR"; exit 1; }'
                - sleep 1
                - 'echo "claimed $CI_PROJECT_DIR"'

            """
        }
        let dir = try repository([".gitlab-ci.yml": yaml])
        func start() throws -> (Process, Pipe) {
            let pipe = Pipe()
            return (try GantryProcess.start(["run", "--concurrency", "2"], in: dir, output: pipe), pipe)
        }
        let runs = [try start(), try start()]
        var outputs: [String] = []
        for (process, pipe) in runs {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let text = String(decoding: data, as: UTF8.self)
            #expect(process.terminationStatus == 0, "\(text)")
            outputs.append(text)
        }
        let all = outputs.joined()
        #expect(!all.contains("SHARED_2"), "\(all)")
        #expect(all.components(separatedBy: "claimed /").count - 1 == 8, "\(all)")
    }

    /// Two `gantry run` started at once in one checkout: each claims its own pipeline number, so
    /// neither's logs, job IDs or summary land in the other's folder.
    @Test func runsStartedAtOnceInOneCheckoutGetPipelinesOfTheirOwn() throws {
        let dir = try repository([".gitlab-ci.yml": """
        job: {script: ['echo "pipeline=$CI_PIPELINE_IID job=$CI_JOB_ID"']}
        """])
        let runs = try (0..<3).map { _ in
            let pipe = Pipe()
            return (try GantryProcess.start(["run"], in: dir, output: pipe), pipe)
        }
        var seen: [String] = []
        for (process, pipe) in runs {
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(text)")
            seen += text.split(separator: "\n").filter { $0.contains("pipeline=") && !$0.contains("echo") }
                .map { String($0.split(separator: "│").last!).trimmingCharacters(in: .whitespaces) }
        }
        #expect(Set(seen).count == 3, "\(seen)")
        #expect(Set(seen.map { $0.split(separator: " ")[0] }).count == 3, "\(seen)")
        let pipelines = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(".gantry/pipelines").path)
        #expect(Set(pipelines) == ["1", "2", "3"], "\(pipelines)")
        for pipeline in pipelines {
            let logs = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(".gantry/pipelines/\(pipeline)/logs").path)
            #expect(logs.count == 1, "\(pipeline): \(logs)")
        }
    }

    /// The slot's copy is only partly written again when the last job left its tracked files
    /// alone: a change that kept the size and put the file's time back, a deleted file, a
    /// staged file, all are undone for the next job, run after run.
    @Test func everyTrackedFileAJobChangedIsResetForTheNextJob() throws {
        let dir = try repository(["tracked.txt": "committed\n", "other.txt": "other\n", "sub/deep.txt": "deep\n", ".gitlab-ci.yml": """
        stages: [one, two, three]
        look:
          stage: one
          script: ['echo "one: $(cat tracked.txt) $(cat sub/deep.txt)"']
        spoil:
          stage: two
          script:
            - printf 'SCRIBBLED\\n' > tracked.txt && touch -r other.txt tracked.txt
            - rm sub/deep.txt
            - echo staged > staged.txt && git add staged.txt
        check:
          stage: three
          script: ['echo "three: $(cat tracked.txt) $(cat sub/deep.txt) staged=$(test -e staged.txt && echo yes || echo no)"']
        """])
        for _ in 1...2 {
            let r = try gantry(["run", "--concurrency", "1"], in: dir)
            #expect(r.status == 0, "\(r.output)")
            #expect(r.output.contains("one: committed deep"), "\(r.output)")
            #expect(r.output.contains("three: committed deep staged=no"), "\(r.output)")
        }
    }

    @Test func aJobWhosePredecessorInTheSlotWasKilledGetsACleanTree() throws {
        let marker = "gantry-killed-\(UUID().uuidString.prefix(8))"
        let dir = try repository(["tracked.txt": "committed\n", ".gitlab-ci.yml": """
        job:
          script:
            - 'if [ "$AGAIN" = yes ]; then test ! -e untracked.txt && echo "CLEAN TREE, tracked is $(cat tracked.txt)"; exit; fi'
            - echo scribbled > tracked.txt
            - echo left > untracked.txt
            - rm -f .git/index
            - bash -c 'exec -a \(marker) sleep 300'
        """])
        let process = try GantryProcess.start(["run"], in: dir)
        let started = try Waiting.until(30) { try Waiting.processRuns(matching: marker) }
        #expect(started, "the job did not start")
        // Killed as a crash or `kill -9` would: nothing of gantry runs after this.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let pids = try Waiting.run(URL(fileURLWithPath: "/usr/bin/env"), ["pgrep", "-f", marker], waitingFor: "pgrep")
        for pid in pids.stdout.split(whereSeparator: \.isNewline).compactMap({ Int32($0) }) { kill(pid, SIGKILL) }

        let r = try gantry(["run", "--variable", "AGAIN=yes"], in: dir)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("CLEAN TREE, tracked is committed"), "\(r.output)")
        #expect(try log(dir, "job").contains("did not finish: its working copy is made again"))
    }

    @Test func aCopyGitCannotWorkWithIsMadeAgain() throws {
        let dir = try repository(["a.txt": "a\n", ".gitlab-ci.yml": """
        stages: [one, two]
        spoil: {stage: one, script: ['echo "not an index" > .git/index', echo left > untracked.txt]}
        next: {stage: two, script: ['test -e a.txt && test ! -e untracked.txt && echo "FRESH COPY"']}
        """])
        let r = try gantry(["run", "--concurrency", "1"], in: dir)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("FRESH COPY"), "\(r.output)")
        #expect(try log(dir, "next").contains("the working copy is made again"))
    }

    /// What a job writes into `.git` (a hook, `core.fsmonitor`) never runs when its untracked
    /// files are collected nor when the next job's sources are prepared: git runs there as
    /// Gantry's user, outside a container or `--run-as`.
    @Test func aJobCannotPlantCodeThatRunsWhenTheNextJobsSourcesArePrepared() throws {
        let dir = try repository(["a.txt": "a\n", ".gitlab-ci.yml": """
        stages: [one, two]
        plant:
          stage: one
          script:
            - 'printf "#!/bin/sh\\ntouch %s/HOOK_RAN\\n" "$PWD/.." > .git/hooks/post-checkout && chmod +x .git/hooks/post-checkout'
            - 'git config core.fsmonitor "touch $PWD/../FSMONITOR_RAN; false"'
            - 'mkdir -p ../elsewhere && ln -s ../elsewhere .git/modules'
          artifacts: {untracked: true}
        next: {stage: two, script: ['test -e a.txt && echo "NEXT RAN"']}
        """])
        let r = try gantry(["run", "--concurrency", "1"], in: dir)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("NEXT RAN"), "\(r.output)")
        let slot = dir.appendingPathComponent(".gantry/builds/0")
        #expect(!FileManager.default.fileExists(atPath: slot.appendingPathComponent("HOOK_RAN").path))
        #expect(!FileManager.default.fileExists(atPath: slot.appendingPathComponent("FSMONITOR_RAN").path))
    }
}

/// The same strategies on a server's runner: the slot's working copy in GitLab Runner's place
/// (`builds/<token-short>/<slot>/<namespace>/<project>`), fetched from the server with the job
/// token, reused and cleaned for the next job; `GIT_DEPTH` reaches the runner through `git_info`.
@Suite(.serialized) struct RunnerGitStrategyTests {
    /// "pipeline STATUS", then each job's trace in job order, once the project's first pipeline ends.
    static func traces(_ server: ServerProcess, project: String) throws -> String {
        try server.python("""
            project = gl.projects.get("\(project)")
            p = wait_for(project, first_pipeline(project).id)
            print("pipeline", p.status)
            for j in sorted(p.jobs.list(get_all=True), key=lambda j: j.id):
                print("--- trace", j.name, j.status)
                print(project.jobs.get(j.id).trace().decode())
            """)
    }

    @Test func aRunnerJobUnderFetchReusesItsSlotsCopy() throws {
        let server = try ServerProcess(arguments: ["--runner", "--runner-concurrency", "1"])
        defer { server.stop() }
        let name = "fetch-" + UUID().uuidString.prefix(8).lowercased()
        _ = try server.python(#"gl.projects.create({"name": "\#(name)"})"#)
        let repo = try ServerProcess.repository(files: [".gitignore": "build/\n", ".gitlab-ci.yml": """
        stages: [one, two]
        dirty:
          stage: one
          variables: {GIT_DEPTH: "1"}
          script:
            - echo left > untracked.txt
            - mkdir -p build && echo ignored > build/out.txt
            - 'echo "commits=$(git log --oneline | wc -l) copy=$CI_PROJECT_DIR"'
        check:
          stage: two
          script:
            - 'test ! -e untracked.txt && test ! -e build && echo "NOTHING LEFT"'
            - 'echo "commits=$(git log --oneline | wc -l) copy=$CI_PROJECT_DIR"'
            - 'git remote get-url origin'
        """])
        for n in 2...3 { try GantryProcess.git(["commit", "-q", "--allow-empty", "-m", "commit \(n)"], in: repo) }
        try GantryProcess.git(["push", "-q", server.gitURL("root/\(name)"), "main"], in: repo)
        let out = try Self.traces(server, project: "root/\(name)")
        #expect(out.contains("pipeline success"), "\(out)\n\(server.log)")
        #expect(out.contains("Fetching changes with git depth set to 1..."), "\(out)")
        #expect(out.contains("Fetching changes with git depth set to 20..."), "\(out)")
        #expect(out.contains("Created fresh repository."), "\(out)")
        #expect(out.contains("Reinitialized existing Git repository in"), "\(out)")
        #expect(out.contains("Removing untracked.txt"), "\(out)")
        #expect(out.contains("NOTHING LEFT"), "\(out)")
        #expect(out.contains("commits=1 copy="), "\(out)")
        #expect(out.contains("commits=3 copy="), "\(out)")
        // One copy for both jobs, in GitLab Runner's layout under the runner's work directory.
        let copies = Set(out.split(separator: "\n").filter { $0.hasPrefix("commits=") }.map { $0.split(separator: " copy=").last! })
        #expect(copies.count == 1, "\(copies)")
        let runnerDirectory = server.data.appendingPathComponent("runner/builds").path
        #expect(copies.first.map { $0.hasPrefix(runnerDirectory + "/") && $0.hasSuffix("/0/root/\(name)") } == true, "\(copies)")
        // The job token is never written into the copy: origin is the project's URL without it.
        #expect(!out.contains("gitlab-ci-token:"), "\(out)")
    }

    /// An attacker's job that names another project in `CI_PROJECT_PATH` (and skips the reset with
    /// `GIT_STRATEGY: none`) must not land in that project's copy on the same runner.
    @Test func aJobCannotClaimAnotherProjectsCopyByItsVariables() throws {
        let server = try ServerProcess(arguments: ["--runner", "--runner-concurrency", "1"])
        defer { server.stop() }
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let secret = "secret-\(suffix)", attacker = "attacker-\(suffix)"
        _ = try server.python(#"gl.projects.create({"name": "\#(secret)"}); gl.projects.create({"name": "\#(attacker)"})"#)
        let hidden = try ServerProcess.repository(files: ["code.txt": "private-\(suffix)\n",
                                                          ".gitlab-ci.yml": "build:\n  script: ['echo copy=$CI_PROJECT_DIR']\n"])
        try GantryProcess.git(["push", "-q", server.gitURL("root/\(secret)"), "main"], in: hidden)
        #expect(try Self.traces(server, project: "root/\(secret)").contains("pipeline success"))
        let snoop = try ServerProcess.repository(files: [".gitlab-ci.yml": """
        steal:
          variables: {CI_PROJECT_PATH: root/\(secret), GIT_STRATEGY: none}
          script:
            - 'echo "found=$(cat code.txt 2>/dev/null || echo nothing) at $(pwd)"'
        """])
        try GantryProcess.git(["push", "-q", server.gitURL("root/\(attacker)"), "main"], in: snoop)
        let out = try Self.traces(server, project: "root/\(attacker)")
        #expect(out.contains("found=nothing"), "\(out)")
        #expect(!out.contains("private-\(suffix)"), "\(out)")
        #expect(out.contains("/0/root/\(attacker)"), "\(out)")
    }

    /// `--run-as`: the slot's copy belongs to the job user, which libgit2 will not open for
    /// Gantry's user; git (with the copy's configuration replaced) resets and cleans it instead,
    /// and the next job still finds nothing the last one left.
    @Test(.enabled(if: getuid() == 0 && getpwnam("gantry-runner") != nil,
                   "SKIPPED: needs root and the gantry-runner user (`make deps` as root creates it; CI runs as root)"))
    func aRunAsJobsCopyIsResetAndCleanedForTheNextJob() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let name = "runas-" + UUID().uuidString.prefix(8).lowercased()
        _ = try server.python(#"gl.projects.create({"name": "\#(name)"})"#)
        let runner = try server.startRunner(["--run-as", "gantry-runner"])
        defer { if runner.isRunning { runner.terminate(); runner.waitUntilExit() } }
        let repo = try ServerProcess.repository(files: ["tracked.txt": "committed\n", ".gitlab-ci.yml": """
        stages: [one, two]
        dirty:
          stage: one
          script:
            - echo "user $(id -un)"
            - echo scribbled > tracked.txt && echo left > untracked.txt
            - 'echo "copy=$CI_PROJECT_DIR"'
        check:
          stage: two
          script:
            - 'test ! -e untracked.txt && echo "NOTHING LEFT, tracked is $(cat tracked.txt)"'
            - 'echo "copy=$CI_PROJECT_DIR"'
        """])
        try GantryProcess.git(["push", "-q", server.gitURL("root/\(name)"), "main"], in: repo)
        let out = try Self.traces(server, project: "root/\(name)")
        #expect(out.contains("pipeline success"), "\(out)")
        #expect(out.contains("user gantry-runner"), "\(out)")
        #expect(out.contains("NOTHING LEFT, tracked is committed"), "\(out)")
        #expect(out.contains("Removing untracked.txt"), "\(out)")
        let copies = Set(out.split(separator: "\n").filter { $0.hasPrefix("copy=") })
        #expect(copies.count == 1, "\(copies)")
    }
}
