import Foundation
import Testing
@testable import GantryExecution

@Suite("Artifact selection")
struct ArtifactSelectorTests {
    /// A small workspace:
    /// build/app.bin, build/lib/a.so, build/lib/b.so, build/tmp/x.o, docs/readme.md,
    /// docs/.hidden, report.xml, src/main.c, src/util/util.c, link -> build
    private func workspace(_ root: URL) throws {
        try writeFile(root, "build/app.bin", "app")
        try writeFile(root, "build/lib/a.so", "a")
        try writeFile(root, "build/lib/b.so", "b")
        try writeFile(root, "build/tmp/x.o", "x")
        try writeFile(root, "docs/readme.md", "doc")
        try writeFile(root, "docs/.hidden", "h")
        try writeFile(root, "report.xml", "<r/>")
        try writeFile(root, "src/main.c", "int main;")
        try writeFile(root, "src/util/util.c", "u")
        try symlink(root, "link", to: "build")
    }

    @Test func aDirectoryIsTakenRecursively() throws {
        try withTemporaryDirectory { root in
            try workspace(root)
            let result = ArtifactSelector(paths: ["build"]).selection(in: root)
            #expect(result.files == ["build", "build/app.bin", "build/lib", "build/lib/a.so", "build/lib/b.so",
                                     "build/tmp", "build/tmp/x.o"])
            #expect(result.warnings.isEmpty)
            #expect(result.notes == ["build: found 7 matching artifact files and directories"])
        }
    }

    @Test func singleStarStaysInOneDirectory() throws {
        try withTemporaryDirectory { root in
            try workspace(root)
            #expect(ArtifactSelector(paths: ["src/*.c"]).select(in: root).files == ["src/main.c"])
            #expect(ArtifactSelector(paths: ["*.xml"]).select(in: root).files == ["report.xml"])
            #expect(ArtifactSelector(paths: ["docs/*"]).select(in: root).files == ["docs/.hidden", "docs/readme.md"])
            #expect(ArtifactSelector(paths: ["build/lib/?.so"]).select(in: root).files == ["build/lib/a.so", "build/lib/b.so"])
        }
    }

    @Test func doubleStarCrossesDirectories() throws {
        try withTemporaryDirectory { root in
            try workspace(root)
            #expect(ArtifactSelector(paths: ["**/*.c"]).select(in: root).files == ["src/main.c", "src/util/util.c"])
            #expect(ArtifactSelector(paths: ["build/**/*.so"]).select(in: root).files == ["build/lib/a.so", "build/lib/b.so"])
            #expect(ArtifactSelector(paths: ["{src,docs}/*.{c,md}"]).select(in: root).files == ["docs/readme.md", "src/main.c"])
        }
    }

    @Test func excludeAppliesToEveryPathTaken() throws {
        try withTemporaryDirectory { root in
            try workspace(root)
            // The directory entry alone, as the runner does: its contents stay.
            let dirOnly = ArtifactSelector(paths: ["build"], exclude: ["build/tmp"]).select(in: root).files
            #expect(dirOnly.contains("build/tmp/x.o") && !dirOnly.contains("build/tmp"))
            // With /** the directory and all below it.
            let result = ArtifactSelector(paths: ["build"], exclude: ["build/tmp/**", "**/*.so"]).selection(in: root)
            #expect(result.files == ["build", "build/app.bin", "build/lib"])
            #expect(result.notes.contains("build/tmp/**: excluded 2 files"))
            #expect(result.notes.contains("**/*.so: excluded 2 files"))
        }
    }

    @Test func reportsPatternsThatMatchNothing() throws {
        try withTemporaryDirectory { root in
            try workspace(root)
            let result = ArtifactSelector(paths: ["report.xml", "missing/", "nothing/*.txt"]).selection(in: root)
            #expect(result.files == ["report.xml"])
            #expect(result.unmatched == ["missing/", "nothing/*.txt"])
            #expect(result.warnings == [
                "missing: no matching files. Ensure that the artifact path is relative to the working directory (\(root.path))",
                "nothing/*.txt: no matching files. Ensure that the artifact path is relative to the working directory (\(root.path))",
            ])
        }
    }

    @Test func anEmptyPathIsNotTheWorkspace() throws {
        try withTemporaryDirectory { root in
            try workspace(root)
            let result = ArtifactSelector(paths: [""]).selection(in: root)
            #expect(result.files.isEmpty)
            #expect(result.warnings == ["empty artifact path ignored"])
            #expect(ArtifactSelector(paths: ["."]).select(in: root).files.count == 16)  // 10 entries and 6 directories
        }
    }

    @Test func refusesPathsOutsideTheWorkspace() throws {
        try withTemporaryDirectory { tmp in
            let root = tmp.appendingPathComponent("project")
            try workspace(root)
            try writeFile(tmp, "secret.txt", "s")
            try symlink(root, "out", to: tmp.path)
            let result = ArtifactSelector(paths: ["../secret.txt", "/etc/hostname", "out/secret.txt", "out/*.txt"])
                .selection(in: root)
            #expect(result.files.isEmpty)
            #expect(result.unmatched == ["../secret.txt", "/etc/hostname", "out/secret.txt", "out/*.txt"])
            #expect(result.warnings[0] == "processPath: artifact path is not a subpath of project directory: ../secret.txt")
            #expect(result.warnings[1] == "processPath: artifact path is not a subpath of project directory: /etc/hostname")
            #expect(result.warnings.count == 4)
        }
    }

    @Test func absolutePathsInsideTheWorkspaceAreAccepted() throws {
        try withTemporaryDirectory { root in
            try workspace(root)
            let files = ArtifactSelector(paths: [root.path + "/docs/readme.md", "./src/../report.xml"]).select(in: root).files
            #expect(files == ["docs/readme.md", "report.xml"])
        }
    }

    @Test func symlinksAreTakenNotFollowed() throws {
        try withTemporaryDirectory { root in
            try workspace(root)
            #expect(ArtifactSelector(paths: ["link"]).select(in: root).files == ["link"])
            #expect(ArtifactSelector(paths: ["*"]).select(in: root).files.contains("link"))
        }
    }

    @Test func untrackedFilesJoinAndAreExcludable() throws {
        try withTemporaryDirectory { root in
            try workspace(root)
            let result = ArtifactSelector(paths: [], exclude: ["**/*.o"],
                                          untracked: ["build/tmp/x.o", "report.xml", "gone.txt"]).selection(in: root)
            #expect(result.files == ["report.xml"])
            #expect(result.notes.contains("untracked: found 1 files"))
            let none = ArtifactSelector(paths: [], untracked: []).selection(in: root)
            #expect(none.warnings == ["untracked: no files"])
        }
    }

    @Test func braceAlternatives() {
        #expect(PathPattern.braceAlternatives("a{b,c}d") == ["abd", "acd"])
        #expect(PathPattern.braceAlternatives("{x,y{1,2}}") == ["x", "y1", "y2"])
        #expect(PathPattern.braceAlternatives("no{brace}") == ["no{brace}"])
        #expect(PathPattern.braceAlternatives("open{a,b") == ["open{a,b"])
    }
}
