import Foundation
import GantryTestSupport
import Testing
@testable import GantryExecution

struct WorkspaceTests {
    func sh(_ command: String, in dir: URL) throws {
        let r = try Waiting.run(URL(fileURLWithPath: "/bin/sh"), ["-c", command], in: dir, waitingFor: command)
        #expect(r.status == 0, "\(command): \(r.output)")
    }

    func temporary() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-ws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func cloneWithUncommittedChangesButNoUntrackedFiles() throws {
        let repo = try temporary()
        try sh("git init -q -b main && echo a > kept.txt && echo b > edited.txt && echo c > deleted.txt && git add . && git -c user.name=t -c user.email=t@e commit -qm i", in: repo)
        try sh("echo b2 > edited.txt && rm deleted.txt && echo new > staged.txt && git add staged.txt && echo u > untracked.txt", in: repo)
        let target = try temporary().appendingPathComponent("ws")
        try Workspace(source: repo).prepare(target)
        func read(_ name: String) -> String? { try? String(contentsOf: target.appendingPathComponent(name), encoding: .utf8) }
        #expect(read("kept.txt") == "a\n")
        #expect(read("edited.txt") == "b2\n")
        #expect(read("staged.txt") == "new\n")
        #expect(read("deleted.txt") == nil)
        #expect(read("untracked.txt") == nil)
        #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent(".git").path))
        // A job appending to a file changes its copy only.
        try sh("echo more >> kept.txt", in: target)
        #expect(try String(contentsOf: repo.appendingPathComponent("kept.txt"), encoding: .utf8) == "a\n")
    }

    /// What `gantry run` reads of the user's checkout once per pipeline, now through libgit2:
    /// the same HEAD, objects folder, branches and tags (annotated ones as their tag object) and
    /// changed files as git lists them; a project in a sub-folder gets that folder's tracked files.
    @Test func localSourceReadsWhatGitLists() throws {
        let repo = try temporary()
        try sh("git init -q -b main && mkdir app && echo x > app/x.txt && echo a > a.txt && git add . && git -c user.name=t -c user.email=t@e commit -qm i"
               + " && git branch feature/one && git tag light && git -c user.name=t -c user.email=t@e tag -a -m note annotated"
               + " && echo changed > a.txt && echo new > app/new.txt && git add app/new.txt && echo u > untracked.txt", in: repo)
        func git(_ command: String) throws -> String {
            let r = try Waiting.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "git " + command], in: repo, waitingFor: command)
            return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let facts = try #require(LocalSource(root: repo).git)
        #expect(facts.head == (try git("rev-parse HEAD")))
        #expect(LocalSource.samePath(facts.objectsDirectory, try git("rev-parse --path-format=absolute --git-path objects")))
        let refs = try git("for-each-ref '--format=%(objectname) %(refname)' refs/heads refs/tags")
            .replacingOccurrences(of: " refs/heads/", with: " refs/remotes/origin/")
        #expect(facts.refs.map { "\($0.sha) \($0.name)" }.joined(separator: "\n") == refs)
        #expect(facts.changed == ["a.txt", "app/new.txt"])
        let app = LocalSource(root: repo.appendingPathComponent("app"))
        #expect(app.git == nil)
        #expect(app.plainFiles == ["new.txt", "x.txt"])
    }

    /// `CI_JOB_STARTED_AT`, written without a date formatter, as one would write it.
    @Test func jobStartTimeIsISO8601InUTC() {
        for seconds in [0, 1_700_000_000.7, 1_796_231_640, 4_102_444_799] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(JobRunner.utcTimestamp(date) == ISO8601DateFormatter().string(from: date))
        }
    }

    @Test func plainFolderIsCopiedWithoutGantryState() throws {
        let folder = try temporary()
        try sh("mkdir -p sub .gantry && echo x > sub/x.txt && echo s > .gantry/state", in: folder)
        let target = try temporary().appendingPathComponent("ws")
        try Workspace(source: folder).prepare(target)
        #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent("sub/x.txt").path))
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent(".gantry").path))
    }

    @Test func preparingAgainStartsFresh() throws {
        let folder = try temporary()
        try sh("echo x > x.txt", in: folder)
        let target = try temporary().appendingPathComponent("ws")
        try Workspace(source: folder).prepare(target)
        try sh("echo leftover > leftover.txt", in: target)
        try Workspace(source: folder).prepare(target)
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("leftover.txt").path))
    }
}
