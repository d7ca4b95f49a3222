import Foundation
import GantryPipeline
import Testing

/// The project's files as planning lists them (wildcard includes, `rules:exists`).
struct DirectorySourceTests {
    @Test func regularFilesSortedWithoutStateOrSymlinks() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-source-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for path in ["b.txt", "a/z.yml", "a/b/c.yml", ".hidden/x", ".git/HEAD", ".gantry/builds/0/p/f", "node_modules/m/i.js",
                     "sub/.venv/bin/python", "sub/.git"] {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
        }
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("link.yml").path, withDestinationPath: "b.txt")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("linked-dir").path, withDestinationPath: "a")
        #expect(DirectorySource(root: root).allFiles() == [".hidden/x", "a/b/c.yml", "a/z.yml", "b.txt"])
    }
}
