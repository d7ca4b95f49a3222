import Foundation
import GantryTestSupport
import Testing
@testable import GantryExecution

/// Reading single members out of user-supplied zips and tarballs (what the package registry does
/// with wheels and sdists): bounded, and with errors that name the archive as the user knows it.
@Suite("Archive members")
struct ArchiveReaderTests {
    @Test func readsTheSelectedMembersOfAZip() throws {
        try withTemporaryDirectory { tmp in
            let source = tmp.appendingPathComponent("src")
            try writeFile(source, "pkg/__init__.py", "x = 1\n")
            try writeFile(source, "pkg-1.0.dist-info/METADATA", "Name: pkg\nVersion: 1.0\n")
            try writeFile(source, "pkg-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n")
            let zip = tmp.appendingPathComponent("pkg-1.0-py3-none-any.whl")
            try ZipArchive.write(files: ["pkg", "pkg/__init__.py", "pkg-1.0.dist-info", "pkg-1.0.dist-info/METADATA",
                                         "pkg-1.0.dist-info/WHEEL"], from: source, to: zip)
            let found = try ArchiveReader.members(of: zip, format: .zip, displayName: "pkg.whl") { $0.hasSuffix(".dist-info/METADATA") }
            #expect(found == [ArchiveReader.Member(name: "pkg-1.0.dist-info/METADATA", data: Data("Name: pkg\nVersion: 1.0\n".utf8))])
            // Directories are never members, whatever the selection says.
            #expect(try ArchiveReader.members(of: zip, format: .zip, displayName: "pkg.whl") { _ in true }.map(\.name)
                == ["pkg/__init__.py", "pkg-1.0.dist-info/METADATA", "pkg-1.0.dist-info/WHEEL"])
        }
    }

    @Test func readsATarGzipAndCanStopAtTheFirstMatch() throws {
        try withTemporaryDirectory { tmp in
            let source = tmp.appendingPathComponent("src")
            try writeFile(source, "pkg-1.0/PKG-INFO", "Name: pkg\n")
            try writeFile(source, "pkg-1.0/src/pkg.egg-info/PKG-INFO", "Name: inner\n")
            let tarball = tmp.appendingPathComponent("pkg-1.0.tar.gz")
            try run(["tar", "-czf", tarball.path, "-C", source.path, "pkg-1.0/PKG-INFO", "pkg-1.0/src"])
            let all = try ArchiveReader.members(of: tarball, format: .tarGzip, displayName: "pkg-1.0.tar.gz") { $0.hasSuffix("PKG-INFO") }
            #expect(all.map(\.name) == ["pkg-1.0/PKG-INFO", "pkg-1.0/src/pkg.egg-info/PKG-INFO"])
            let first = try ArchiveReader.members(of: tarball, format: .tarGzip, displayName: "pkg-1.0.tar.gz", stopAtFirst: true) {
                $0.hasSuffix("PKG-INFO")
            }
            #expect(first.map { String(decoding: $0.data, as: UTF8.self) } == ["Name: pkg\n"])
        }
    }

    @Test func refusesWhatIsNotAnArchiveOrIsCut() throws {
        try withTemporaryDirectory { tmp in
            let junk = try writeFile(tmp, "junk.whl", String(repeating: "not a zip ", count: 100))
            let error = #expect(throws: ArchiveError.self) {
                try ArchiveReader.members(of: junk, format: .zip, displayName: "junk-1.0-py3-none-any.whl") { _ in true }
            }
            #expect(error?.message.hasPrefix("junk-1.0-py3-none-any.whl is not a valid zip archive: ") == true, "\(String(describing: error))")
            #expect(error?.message.contains(tmp.path) == false)

            let source = tmp.appendingPathComponent("src")
            var big = ""
            for i in 0..<20_000 { big += "line \(i * 7919 % 10007)\n" }
            try writeFile(source, "pkg-1.0/PKG-INFO", big)
            let tarball = tmp.appendingPathComponent("pkg-1.0.tar.gz")
            try run(["tar", "-czf", tarball.path, "-C", source.path, "pkg-1.0"])
            let whole = try Data(contentsOf: tarball)
            let cut = tmp.appendingPathComponent("cut.tar.gz")
            try whole.prefix(whole.count / 2).write(to: cut)
            #expect(throws: ArchiveError.self) {
                try ArchiveReader.members(of: cut, format: .tarGzip, displayName: "cut.tar.gz") { $0.hasSuffix("PKG-INFO") }
            }
        }
    }

    @Test func aMemberLargerThanTheLimitIsRefusedWithoutReadingItAll() throws {
        try withTemporaryDirectory { tmp in
            let source = tmp.appendingPathComponent("src")
            // Compresses to almost nothing: the shape of a decompression bomb.
            try writeFile(source, "pkg-1.0/PKG-INFO", String(repeating: "A", count: 4 << 20))
            let tarball = tmp.appendingPathComponent("bomb.tar.gz")
            try run(["tar", "-czf", tarball.path, "-C", source.path, "pkg-1.0"])
            #expect(try FileManager.default.attributesOfItem(atPath: tarball.path)[.size] as? Int ?? 0 < 64 << 10)
            #expect(throws: ArchiveError("bomb.tar.gz: pkg-1.0/PKG-INFO is larger than 1048576 bytes")) {
                try ArchiveReader.members(of: tarball, format: .tarGzip, displayName: "bomb.tar.gz", memberLimit: 1 << 20) { _ in true }
            }
        }
    }

    private func run(_ arguments: [String]) throws {
        let r = try Waiting.run(URL(fileURLWithPath: "/usr/bin/env"), arguments, waitingFor: arguments.joined(separator: " "))
        #expect(r.status == 0, "\(arguments): \(r.output)")
    }
}
