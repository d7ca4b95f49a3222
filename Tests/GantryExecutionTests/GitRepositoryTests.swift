import Foundation
import GantryTestSupport
import Testing
@testable import GantryExecution

/// GitRepository (libgit2) against the `git` command: the same facts and the same working trees,
/// also on the odd repositories planning meets (detached, no commits, no remote, no repository).
struct GitRepositoryTests {
    /// Runs git with a throwaway identity; returns its trimmed output.
    @discardableResult
    func git(_ command: String, in dir: URL) throws -> String {
        let r = try Waiting.run(URL(fileURLWithPath: "/bin/sh"),
                                ["-c", "git -c user.name=t -c user.email=t@example.com -c commit.gpgsign=false \(command)"],
                                in: dir, waitingFor: "git \(command)")
        #expect(r.status == 0, "git \(command): \(r.output)")
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func repository(_ dir: URL, branch: String = "trunk", files: [String: String] = ["a.txt": "a\n"]) throws {
        try git("init -q -b \(branch)", in: dir)
        for (path, text) in files { try writeFile(dir, path, text) }
        try git("add .", in: dir)
        try git("commit -q -m 'First line' -m 'Body with details.'", in: dir)
    }

    @Test func factsMatchGitOnAnOrdinaryCheckout() throws {
        try withTemporaryDirectory { dir in
            try repository(dir)
            try git("remote add origin https://gitlab.example.com/group/sub/project.git", in: dir)
            try git("update-ref refs/remotes/origin/develop HEAD", in: dir)
            try git("symbolic-ref refs/remotes/origin/HEAD refs/remotes/origin/develop", in: dir)
            try git("checkout -q -b feature/x", in: dir)
            let facts = GitCheckout(root: dir).facts()
            #expect(facts.branch == (try git("symbolic-ref --quiet --short HEAD", in: dir)))
            #expect(facts.branch == "feature/x")
            #expect(facts.headSHA == (try git("rev-parse HEAD", in: dir)))
            #expect(facts.headMessage == (try git("log -1 --format=%B", in: dir)))
            #expect(facts.headMessage == "First line\n\nBody with details.")
            #expect(facts.remoteURL == (try git("remote get-url origin", in: dir)))
            #expect(facts.projectPath == "group/sub/project")
            #expect(facts.defaultBranch == "develop")
            // From a sub-folder, as git finds the repository above it.
            try makeDirectory(dir, "sub/deeper")
            #expect(GitCheckout(root: dir.appendingPathComponent("sub/deeper")).facts() == facts)
        }
    }

    @Test func detachedHeadHasNoBranchButACommit() throws {
        try withTemporaryDirectory { dir in
            try repository(dir)
            try git("checkout -q --detach HEAD", in: dir)
            let facts = GitCheckout(root: dir).facts()
            #expect(facts.branch == nil)
            #expect(facts.headSHA == (try git("rev-parse HEAD", in: dir)))
        }
    }

    @Test func noCommitsYetHasABranchButNoCommit() throws {
        try withTemporaryDirectory { dir in
            try git("init -q -b fresh", in: dir)
            let facts = GitCheckout(root: dir).facts()
            #expect(facts.branch == "fresh")
            #expect(facts.headSHA == nil)
            #expect(facts.headMessage == nil)
            #expect(facts.remoteURL == nil)
        }
    }

    @Test func withoutOriginTheDefaultBranchIsConfiguredOrMain() throws {
        try withTemporaryDirectory { dir in
            try repository(dir)
            #expect(GitCheckout(root: dir).facts().defaultBranch == "main")
            try git("config init.defaultBranch stable", in: dir)
            #expect(GitCheckout(root: dir).facts().defaultBranch == "stable")
            #expect(GitCheckout(root: dir).facts().projectPath == nil)
        }
    }

    @Test func aFolderOutsideGitHasNoFacts() throws {
        try withTemporaryDirectory { dir in
            // A `.git` that is no repository reads as nothing, as every git command failed on it.
            try makeDirectory(dir, ".git")
            let facts = GitCheckout(root: dir).facts()
            #expect(facts == GitCheckout.Facts(branch: nil, defaultBranch: "main", headSHA: nil, headMessage: nil, remoteURL: nil))
            #expect(throws: GitError.self) { try GitRepository.open(dir, search: false) }
        }
    }

    @Test func aWorktreeReadsItsOwnHead() throws {
        try withTemporaryDirectory { dir in
            let main = dir.appendingPathComponent("main")
            try makeDirectory(main, "")
            try repository(main)
            try git("worktree add -q -b side ../side", in: main)
            let side = GitCheckout(root: dir.appendingPathComponent("side")).facts()
            #expect(side.branch == "side")
            #expect(side.headSHA == GitCheckout(root: main).facts().headSHA)
        }
    }

    @Test func changedAndTrackedFilesAsGitListsThem() throws {
        try withTemporaryDirectory { dir in
            try repository(dir, files: ["kept.txt": "a\n", "edited.txt": "b\n", "gone.txt": "c\n", "sub/in.txt": "d\n"])
            try writeFile(dir, "edited.txt", "b2\n")
            try FileManager.default.removeItem(at: dir.appendingPathComponent("gone.txt"))
            try writeFile(dir, "staged.txt", "new\n")
            try git("add staged.txt", in: dir)
            try writeFile(dir, "untracked.txt", "u\n")
            let repository = try GitRepository.open(dir)
            let expected = try git("diff --name-only --no-renames HEAD", in: dir).split(separator: "\n").map(String.init)
            #expect(try repository.changedFiles() == expected)
            #expect(Set(expected) == ["edited.txt", "gone.txt", "staged.txt"])
            #expect(try repository.trackedFiles() == git("ls-files --cached", in: dir).split(separator: "\n").map(String.init))
            #expect(try repository.trackedFiles(under: "sub") == ["in.txt"])
        }
    }

    @Test func checkoutAndCleanLeaveExactlyTheCommit() throws {
        try withTemporaryDirectory { dir in
            let source = dir.appendingPathComponent("source")
            try makeDirectory(source, "")
            try repository(source, files: [".gitignore": "build/\n*.log\n", "tracked.txt": "v1\n", "src/kept.txt": "k\n"])
            let first = try git("rev-parse HEAD", in: source)
            try writeFile(source, "tracked.txt", "v2\n")
            try git("commit -q -am second", in: source)

            // A shared copy made in-process: objects borrowed, the first commit checked out detached.
            let copy = dir.appendingPathComponent("copy")
            let repository = try GitRepository.create(at: copy)
            try repository.borrowObjects(from: GitRepository.open(source).commonDirectory.appendingPathComponent("objects"))
            try repository.checkoutDetached(first)
            #expect(try String(contentsOf: copy.appendingPathComponent("tracked.txt"), encoding: .utf8) == "v1\n")
            #expect(try git("rev-parse HEAD", in: copy) == first)
            #expect(try GantryProcess.gitStatus(copy).isEmpty)

            // What a job leaves: a changed tracked file, untracked and ignored files and folders, a
            // nested repository, a symlink to a folder outside that must not be followed.
            let outside = dir.appendingPathComponent("outside")
            try writeFile(outside, "precious.txt", "keep\n")
            try writeFile(copy, "tracked.txt", "changed by a job\n")
            try writeFile(copy, "new.txt", "x")
            try writeFile(copy, "build/out/bin", "x")
            try writeFile(copy, "debug.log", "x")
            try writeFile(copy, "deep/er/file.txt", "x")
            try makeDirectory(copy, "empty/folder")
            try writeFile(copy, "src/untracked-beside-tracked.txt", "x")
            try git("init -q nested", in: copy)
            try symlink(copy, "link", to: outside.path)

            try repository.checkoutDetached("HEAD~0")
            try repository.checkoutDetached(try git("rev-parse HEAD", in: source))
            let removed = try repository.clean()
            #expect(Set(removed) == ["new.txt", "build/", "debug.log", "deep/", "nested/", "link", "empty/", "src/untracked-beside-tracked.txt"])
            #expect(FileManager.default.fileExists(atPath: copy.appendingPathComponent("src/kept.txt").path))
            #expect(try GantryProcess.gitStatus(copy).isEmpty)
            #expect(try git("status --porcelain --ignored", in: copy).isEmpty)
            #expect(try String(contentsOf: copy.appendingPathComponent("tracked.txt"), encoding: .utf8) == "v2\n")
            #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent("precious.txt").path))
        }
    }

    /// The slot's copy under `GIT_STRATEGY: fetch`: a reset after a job that changed nothing
    /// writes nothing, after one that changed a few tracked files writes those (even a change that
    /// kept the size and put the modification time back), and anything else is a full checkout.
    @Test func resetWritesOnlyTheTrackedFilesAJobChanged() throws {
        try withTemporaryDirectory { dir in
            let source = dir.appendingPathComponent("source")
            try makeDirectory(source, "")
            try repository(source, files: ["same.txt": "same\n", "edited.txt": "before\n", "gone.txt": "g\n", "sub/deep.txt": "d\n"])
            let sha = try git("rev-parse HEAD", in: source)
            let copy = dir.appendingPathComponent("copy")
            let repository = try GitRepository.create(at: copy)
            try repository.borrowObjects(from: GitRepository.open(source).commonDirectory.appendingPathComponent("objects"))
            func text(_ path: String) throws -> String { try String(contentsOf: copy.appendingPathComponent(path), encoding: .utf8) }
            func shell(_ command: String) throws {
                let r = try Waiting.run(URL(fileURLWithPath: "/bin/sh"), ["-c", command], in: copy, waitingFor: command)
                #expect(r.status == 0, "\(command): \(r.output)")
            }

            #expect(try repository.reset(to: sha) == .full)
            #expect(try GantryProcess.gitStatus(copy).isEmpty)
            #expect(try repository.reset(to: sha) == .unchanged)

            try shell("printf 'after!\\n' > edited.txt && touch -r same.txt edited.txt && rm gone.txt")
            #expect(try repository.reset(to: sha) == .files(["edited.txt", "gone.txt"]))
            #expect(try text("edited.txt") == "before\n")
            #expect(try text("gone.txt") == "g\n")
            #expect(try git("rev-parse HEAD", in: copy) == sha)
            #expect(try GantryProcess.gitStatus(copy).isEmpty)
            #expect(try repository.reset(to: sha) == .unchanged)

            // A changed index, a folder where a file was, another HEAD: the whole checkout.
            for change in ["echo new > new.txt && git add new.txt", "rm -r sub && echo file > sub",
                           "git -c user.name=t -c user.email=t@example.com commit -q --allow-empty -m job"] {
                try shell(change)
                #expect(try repository.reset(to: sha) == .full, "\(change)")
                _ = try repository.clean()
                #expect(try GantryProcess.gitStatus(copy).isEmpty, "\(change)")
                #expect(try git("rev-parse HEAD", in: copy) == sha)
                #expect(try text("sub/deep.txt") == "d\n")
                #expect(try repository.reset(to: sha) == .unchanged, "\(change)")
            }
        }
    }

    @Test func commitDetails() throws {
        try withTemporaryDirectory { dir in
            try repository(dir)
            let repository = try GitRepository.open(dir)
            let commit = try #require(repository.commit("HEAD"))
            #expect(commit.title == "First line")
            #expect(commit.authorName == "t")
            #expect(commit.authorEmail == "t@example.com")
            #expect(commit.parents.isEmpty)
            #expect(Int(commit.authorDate.timeIntervalSince1970) == Int(try git("log -1 --format=%at", in: dir)))
            #expect(repository.resolve(String(commit.sha.prefix(8))) == commit.sha)
            #expect(repository.resolve("no-such-ref") == nil)
        }
    }
}
