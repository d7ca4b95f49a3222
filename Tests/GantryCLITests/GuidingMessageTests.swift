import Foundation
import GantryTestSupport
import Testing

/// What a newcomer's first mistakes get back from the real binary: a message that says what was
/// looked at and what to type instead.
@Suite struct GuidingMessageTests {
    static let pipeline = """
        build:
          script: [echo built]
        publish:
          script: [echo published]
          rules:
            - if: $CI_COMMIT_TAG
        deploy:
          script: [echo deployed]
          rules:
            - if: $CI_COMMIT_TAG
              when: never
            - if: $DEPLOY == "yes"

        """

    /// A checkout on `branch` holding `files`, committed.
    func checkout(_ files: [String: String], branch: String = "main") throws -> URL {
        let dir = try GantryProcess.project(files)
        try GantryProcess.git(["init", "-q", "-b", branch], in: dir)
        try GantryProcess.git(["add", "-A"], in: dir)
        try GantryProcess.git(["commit", "-q", "-m", "first"], in: dir)
        return dir
    }

    @Test func runOfAJobTheRulesLeaveOutSaysWhichRuleAndWhatIncludesIt() throws {
        let dir = try checkout([".gitlab-ci.yml": Self.pipeline])
        let r = try GantryProcess.run(["run", "publish"], in: dir)
        #expect(r.status == 3)
        #expect(r.stderr.contains("job 'publish' exists (.gitlab-ci.yml:3:1), but its rules leave it out of the pipeline for branch 'main'"),
                "\(r.stderr)")
        #expect(r.stderr.contains(".gitlab-ci.yml:6:7: its only rule does not match (if: $CI_COMMIT_TAG)"), "\(r.stderr)")
        #expect(r.stderr.contains("e.g. gantry run publish --tag TAG"), "\(r.stderr)")
        // What it suggests works.
        let tagged = try GantryProcess.run(["run", "publish", "--tag", "v1.0.0"], in: dir)
        #expect(tagged.status == 0, "\(tagged.stdout)\(tagged.stderr)")
        #expect(tagged.stdout.contains("published"))
    }

    @Test func runNamesEveryRuleAndTheVariablesTheyRead() throws {
        let dir = try checkout([".gitlab-ci.yml": Self.pipeline])
        let r = try GantryProcess.run(["run", "deploy"], in: dir)
        #expect(r.status == 3)
        #expect(r.stderr.contains(".gitlab-ci.yml:9:3: none of its 2 rules matches:"), "\(r.stderr)")
        #expect(r.stderr.contains(".gitlab-ci.yml:12:7: does not match (if: $DEPLOY == \"yes\")"), "\(r.stderr)")
        #expect(r.stderr.contains("--variable DEPLOY=VALUE"), "\(r.stderr)")
        #expect(try GantryProcess.run(["run", "deploy", "--variable", "DEPLOY=yes"], in: dir).status == 0)
        // On a tag the `when: never` rule decides.
        let tag = try GantryProcess.run(["run", "deploy", "--tag", "v1", "--variable", "DEPLOY=yes"], in: dir)
        #expect(tag.status == 3)
        #expect(tag.stderr.contains(".gitlab-ci.yml:10:7: this rule matches (if: $CI_COMMIT_TAG) and says `when: never`"), "\(tag.stderr)")
        // A job no file defines is still just unknown.
        let unknown = try GantryProcess.run(["run", "publsh"], in: dir)
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("no job 'publsh' in this pipeline"), "\(unknown.stderr)")
    }

    /// A plan with every job left out by its rules says what would bring jobs in.
    @Test func planWithEveryJobLeftOutSaysWhatTheRulesRead() throws {
        let dir = try checkout([".gitlab-ci.yml": Self.pipeline.replacingOccurrences(of: "build:\n  script: [echo built]\n", with: "")])
        let r = try GantryProcess.run(["plan"], in: dir)
        #expect(r.status == 3)
        #expect(r.stderr.contains("every job is excluded for branch 'main'"), "\(r.stderr)")
        #expect(r.stderr.contains("To plan a pipeline these rules accept, give what they read: --tag TAG, --variable DEPLOY=VALUE"),
                "\(r.stderr)")
        #expect(try GantryProcess.run(["plan", "--variable", "DEPLOY=yes"], in: dir).status == 0)
    }

    /// `--file` elsewhere is planned for the branch of the checkout gantry runs in.
    @Test func planOfAFileElsewhereUsesTheCurrentCheckoutsBranch() throws {
        let here = try checkout(["README": "x\n"], branch: "feature/login")
        let elsewhere = try GantryProcess.project(["ci.yml": """
            login-tests:
              script: [x]
              rules:
                - if: $CI_COMMIT_BRANCH == "feature/login"

            """])
        let file = elsewhere.appendingPathComponent("ci.yml").path
        let r = try GantryProcess.run(["plan", "--file", file, "--json"], in: here)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"login-tests\""), "\(r.stdout)")
        // Outside any checkout it says so, naming the folder, instead of guessing.
        let outside = try GantryProcess.run(["plan", "--file", file], in: elsewhere)
        #expect(outside.status == 2)
        #expect(outside.stderr.contains("no current branch: \(elsewhere.path) is not inside a git checkout"), "\(outside.stderr)")
        #expect(outside.stderr.contains("pass --ref BRANCH or --tag TAG"))
    }

    @Test func adminWithoutDataSaysWhereItLookedAndHowToPassIt() throws {
        let dir = try GantryProcess.project(["README": "x\n"])
        let r = try GantryProcess.run(["admin", "user", "create", "alice"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("no server data in \(dir.path)/gantry-data (no gantry.sqlite there; without --data, gantry admin looks in ./gantry-data)"),
                "\(r.stderr)")
        #expect(r.stderr.contains("gantry admin --data DIR"))
        #expect(!r.stderr.contains("SQLite"))
        // Nothing was created on the way.
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("gantry-data").path))
        let given = try GantryProcess.run(["admin", "--data", "/nonexistent/gantry", "token", "create", "root"], in: dir)
        #expect(given.status == 1)
        #expect(given.stderr.contains("no server data in /nonexistent/gantry (no gantry.sqlite there; from --data /nonexistent/gantry)"),
                "\(given.stderr)")
    }
}
