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
