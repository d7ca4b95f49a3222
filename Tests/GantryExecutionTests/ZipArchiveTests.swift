import Foundation
import Testing
@testable import GantryExecution

@Suite("Zip archives")
struct ZipArchiveTests {
    @Test func roundTripKeepsBytesModesSymlinksAndDirectories() throws {
        try withTemporaryDirectory { tmp in
            let source = tmp.appendingPathComponent("src")
            try writeFile(source, "bin/run.sh", "#!/bin/sh\necho hi\n", mode: 0o755)
            try writeFile(source, "data/readonly.txt", "keep me", mode: 0o444)
            try writeFile(source, "data/private.key", "secret", mode: 0o600)
            try writeFile(source, "data/empty", "")
            var big = Data(count: 300_000)
            for i in 0..<big.count { big[i] = UInt8(truncatingIfNeeded: i &* 7 &+ i / 251) }
            try big.write(to: source.appendingPathComponent("data/big.bin"))
            try writeFile(source, "ünïcode/名前.txt", "utf-8 names")
            try makeDirectory(source, "empty-dir")
            try symlink(source, "links/to-script", to: "../bin/run.sh")
            try symlink(source, "links/absolute", to: "/usr/bin/env")
            try symlink(source, "links/dangling", to: "nowhere/at/all")
            let mtime = Date(timeIntervalSince1970: 1_600_000_000)
            try FileManager.default.setAttributes([.modificationDate: mtime],
                                                  ofItemAtPath: source.appendingPathComponent("data/empty").path)

            let files = ArtifactSelector(paths: ["."]).select(in: source).files
            #expect(files.contains("empty-dir"))
            #expect(files.contains("links/dangling"))
            let zip = tmp.appendingPathComponent("out/artifacts.zip")
            let warnings = try ZipArchive.write(files: files, from: source, to: zip)
            #expect(warnings.isEmpty)
            #expect(try ZipArchive.list(zip).sorted() == files.sorted())

            let target = tmp.appendingPathComponent("dst")
            let extracted = try ZipArchive.extract(zip, into: target)
            #expect(extracted.sorted() == files.sorted())

            for file in files {
                let a = source.appendingPathComponent(file)
                let b = target.appendingPathComponent(file)
                let attributesA = try FileManager.default.attributesOfItem(atPath: a.path)
                let attributesB = try FileManager.default.attributesOfItem(atPath: b.path)
                #expect(attributesA[.type] as? FileAttributeType == attributesB[.type] as? FileAttributeType, "\(file)")
                if attributesA[.type] as? FileAttributeType == .typeSymbolicLink {
                    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: a.path)
                        == FileManager.default.destinationOfSymbolicLink(atPath: b.path), "\(file)")
                } else {
                    #expect(try posixMode(a) == posixMode(b), "\(file)")
                }
                if attributesA[.type] as? FileAttributeType == .typeRegular {
                    #expect(try Data(contentsOf: a) == Data(contentsOf: b), "\(file)")
                }
            }
            let restored = try FileManager.default.attributesOfItem(atPath: target.appendingPathComponent("data/empty").path)
            #expect((restored[.modificationDate] as? Date)?.timeIntervalSince1970 == mtime.timeIntervalSince1970)
        }
    }

    @Test func pythonReadsOurZips() throws {
        try withTemporaryDirectory { tmp in
            try writeFile(tmp, "w/a/b.txt", "hello")
            try symlink(tmp, "w/a/link", to: "b.txt")
            let zip = tmp.appendingPathComponent("x.zip")
            try ZipArchive.write(files: ["a", "a/b.txt", "a/link"], from: tmp.appendingPathComponent("w"), to: zip)
            let listing = try python("""
                import sys, zipfile, stat
                z = zipfile.ZipFile(sys.argv[1])
                for i in z.infolist():
                    mode = i.external_attr >> 16
                    kind = 'l' if stat.S_ISLNK(mode) else 'd' if stat.S_ISDIR(mode) else 'f'
                    print(i.filename, kind, z.read(i).decode() if kind != 'd' else '')
                """, arguments: [zip.path])
            #expect(listing == "a/ d \na/b.txt f hello\na/link l b.txt\n")
        }
    }

    @Test func extractsPythonZipsWithModesAndSymlinks() throws {
        try withTemporaryDirectory { tmp in
            let zip = tmp.appendingPathComponent("py.zip")
            try python("""
                import sys, zipfile
                with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
                    i = zipfile.ZipInfo('tool/run'); i.external_attr = (0o100750) << 16
                    z.writestr(i, '#!/bin/sh\\n')
                    l = zipfile.ZipInfo('tool/alias'); l.external_attr = (0o120777) << 16
                    z.writestr(l, 'run')
                """, arguments: [zip.path])
            let target = tmp.appendingPathComponent("out")
            #expect(try ZipArchive.extract(zip, into: target) == ["tool/run", "tool/alias"])
            #expect(try posixMode(target.appendingPathComponent("tool/run")) == 0o750)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: target.appendingPathComponent("tool/alias").path) == "run")
        }
    }

    @Test(arguments: [
        ("../evil", "path contains '..'"),
        ("a/../../evil", "path contains '..'"),
        ("/tmp/gantry-absolute-evil", "absolute path"),
    ])
    func refusesEntriesOutsideTheTarget(name: String, reason: String) throws {
        try withTemporaryDirectory { tmp in
            let zip = tmp.appendingPathComponent("hostile.zip")
            try python("""
                import sys, zipfile
                with zipfile.ZipFile(sys.argv[1], 'w') as z:
                    z.writestr('fine.txt', 'ok')
                    z.writestr(zipfile.ZipInfo(sys.argv[2]), 'pwned')
                """, arguments: [zip.path, name])
            let target = tmp.appendingPathComponent("a/b/target")
            let error = #expect(throws: ArchiveError.self) { try ZipArchive.extract(zip, into: target) }
            #expect(error?.message.contains(reason) == true)
            #expect(error?.message.contains(name) == true)
            #expect(!entryExists(tmp.appendingPathComponent("a/b/evil")))
            #expect(!entryExists(tmp.appendingPathComponent("a/evil")))
            #expect(!entryExists(URL(fileURLWithPath: "/tmp/gantry-absolute-evil")))
            #expect(entryExists(target.appendingPathComponent("fine.txt")))
        }
    }

    @Test func cannotWriteThroughASymlinkFromTheArchive() throws {
        try withTemporaryDirectory { tmp in
            let outside = tmp.appendingPathComponent("outside")
            try makeDirectory(tmp, "outside")
            let zip = tmp.appendingPathComponent("hostile.zip")
            try python("""
                import sys, zipfile
                with zipfile.ZipFile(sys.argv[1], 'w') as z:
                    l = zipfile.ZipInfo('escape'); l.external_attr = (0o120777) << 16
                    z.writestr(l, sys.argv[2])
                    z.writestr('escape/evil.txt', 'pwned')
                """, arguments: [zip.path, outside.path])
            let target = tmp.appendingPathComponent("target")
            let error = #expect(throws: ArchiveError.self) { try ZipArchive.extract(zip, into: target) }
            #expect(error?.message.contains("escape/evil.txt") == true)
            #expect(!entryExists(outside.appendingPathComponent("evil.txt")))
        }
    }

    @Test func cannotWriteThroughASymlinkAlreadyInTheTarget() throws {
        try withTemporaryDirectory { tmp in
            try makeDirectory(tmp, "outside")
            let target = tmp.appendingPathComponent("target")
            try symlink(target, "cache", to: "../outside")
            let zip = tmp.appendingPathComponent("c.zip")
            try python("""
                import sys, zipfile
                with zipfile.ZipFile(sys.argv[1], 'w') as z:
                    z.writestr('cache/evil.txt', 'pwned')
                """, arguments: [zip.path])
            #expect(throws: ArchiveError.self) { try ZipArchive.extract(zip, into: target) }
            #expect(!entryExists(tmp.appendingPathComponent("outside/evil.txt")))
        }
    }

    @Test func extractionOverwritesFilesAndReplacesSymlinks() throws {
        try withTemporaryDirectory { tmp in
            let source = tmp.appendingPathComponent("src")
            try writeFile(source, "f.txt", "new")
            try writeFile(source, "g.txt", "fresh")
            let zip = tmp.appendingPathComponent("x.zip")
            try ZipArchive.write(files: ["f.txt", "g.txt"], from: source, to: zip)
            let target = tmp.appendingPathComponent("dst")
            try writeFile(target, "f.txt", "old contents that are longer")
            try writeFile(tmp, "elsewhere.txt", "untouched")
            try symlink(target, "g.txt", to: "../elsewhere.txt")
            try ZipArchive.extract(zip, into: target)
            #expect(try String(contentsOf: target.appendingPathComponent("f.txt"), encoding: .utf8) == "new")
            #expect(try String(contentsOf: target.appendingPathComponent("g.txt"), encoding: .utf8) == "fresh")
            #expect(try String(contentsOf: tmp.appendingPathComponent("elsewhere.txt"), encoding: .utf8) == "untouched")
        }
    }

    @Test func errorsNameTheProblem() throws {
        try withTemporaryDirectory { tmp in
            let notZip = try writeFile(tmp, "not.zip", "this is not a zip archive at all")
            let error = #expect(throws: ArchiveError.self) { try ZipArchive.list(notZip) }
            #expect(error?.message.contains("not.zip") == true)

            let missing = #expect(throws: ArchiveError.self) {
                try ZipArchive.write(files: ["absent.txt"], from: tmp, to: tmp.appendingPathComponent("o.zip"))
            }
            #expect(missing?.message.contains("absent.txt") == true)
            #expect(!entryExists(tmp.appendingPathComponent("o.zip")))
        }
    }

    @Test func skipsSpecialFiles() throws {
        try withTemporaryDirectory { tmp in
            try writeFile(tmp, "w/plain", "x")
            #expect(mkfifo(tmp.appendingPathComponent("w/fifo").path, 0o644) == 0)
            let zip = tmp.appendingPathComponent("x.zip")
            let warnings = try ZipArchive.write(files: ["fifo", "plain"], from: tmp.appendingPathComponent("w"), to: zip)
            #expect(warnings.count == 1)
            #expect(warnings.first?.hasPrefix("fifo:") == true)
            #expect(try ZipArchive.list(zip) == ["plain"])
        }
    }
}
