import Foundation
import GantryTestSupport
import Testing

/// The git facts `gantry plan` reads in-process (libgit2) on checkouts in odd states: the same
/// plans and messages as when six `git` processes gathered them.
@Suite(.serialized) struct PlanGitFactsTests {
    @Test func aRepositoryWithoutCommitsPlansForItsBranchWithAZeroSHA() throws {
        let dir = try GantryProcess.project([".gitlab-ci.yml": """
        fresh: {script: [x], rules: [{if: $CI_COMMIT_SHA == "0000000000000000000000000000000000000000" && $CI_COMMIT_BRANCH == "fresh"}]}
        other: {script: [x], rules: [{if: $CI_COMMIT_BRANCH != "fresh"}]}
        """])
        defer { try? FileManager.default.removeItem(at: dir) }
        try GantryProcess.git(["init", "-q", "-b", "fresh"], in: dir)
        let r = try GantryProcess.run(["plan", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"fresh\""))
        #expect(!r.stdout.contains("\"other\""))
    }

    @Test func commitMessageDefaultBranchAndProjectComeFromTheCheckout() throws {
        let dir = try GantryProcess.project([".gitlab-ci.yml": """
        message: {script: [x], rules: [{if: $CI_COMMIT_TITLE == "Add things" && $CI_COMMIT_MESSAGE =~ /More words/}]}
        on-default: {script: [x], rules: [{if: $CI_DEFAULT_BRANCH == "stable"}]}
        local: {script: [x], rules: [{if: $CI_PROJECT_PATH =~ /^local\\//}]}
        """])
        defer { try? FileManager.default.removeItem(at: dir) }
        try GantryProcess.git(["init", "-q", "-b", "work"], in: dir)
        try GantryProcess.git(["config", "init.defaultBranch", "stable"], in: dir)
        try GantryProcess.git(["add", "."], in: dir)
        try GantryProcess.git(["commit", "-q", "-m", "Add things", "-m", "More words."], in: dir)
        let r = try GantryProcess.run(["plan", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        for job in ["message", "on-default", "local"] { #expect(r.stdout.contains("\"\(job)\""), "\(job): \(r.stdout)") }
    }

    @Test func aDetachedHeadAsksForARef() throws {
        let dir = try GantryProcess.project([".gitlab-ci.yml": "job: {script: [x]}\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        try GantryProcess.git(["init", "-q", "-b", "main"], in: dir)
        try GantryProcess.git(["add", "."], in: dir)
        try GantryProcess.git(["commit", "-q", "-m", "init"], in: dir)
        try GantryProcess.git(["checkout", "-q", "--detach"], in: dir)
        let r = try GantryProcess.run(["plan"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("no current branch: HEAD is detached in \(dir.path): pass --ref BRANCH or --tag TAG"), "\(r.stderr)")
        #expect(try GantryProcess.run(["plan", "--ref", "main"], in: dir).status == 0)
    }
}
