import Foundation
import GantryTestSupport
import Testing

/// A fresh directory under the system's temporary directory, removed afterwards.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("gantry-exec-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    // The real path: /tmp may itself be a symlink on some systems.
    return try body(dir.resolvingSymlinksInPath())
}

/// Writes a file, creating its directories; `mode` as octal permissions.
@discardableResult
func writeFile(_ root: URL, _ relative: String, _ contents: String, mode: Int? = nil) throws -> URL {
    let url = root.appendingPathComponent(relative)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(contents.utf8).write(to: url)
    if let mode {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
    }
    return url
}

func makeDirectory(_ root: URL, _ relative: String) throws {
    try FileManager.default.createDirectory(at: root.appendingPathComponent(relative), withIntermediateDirectories: true)
}

func symlink(_ root: URL, _ relative: String, to target: String) throws {
    let url = root.appendingPathComponent(relative)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
}

func posixMode(_ url: URL) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    return (attributes[.posixPermissions] as? Int) ?? -1
}

/// Whether something (even a dangling symlink) exists at the path.
func entryExists(_ url: URL) -> Bool {
    (try? FileManager.default.attributesOfItem(atPath: url.path)) != nil
}

/// Runs a Python script with /usr/bin/python3; its standard output.
@discardableResult
func python(_ script: String, arguments: [String] = []) throws -> String {
    let r = try Waiting.run(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script] + arguments, waitingFor: "python3 -c …")
    guard r.status == 0 else { throw PythonFailure(message: r.stderr) }
    return r.stdout
}

struct PythonFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { "python3 failed: \(message)" }
}

/// Files under Tests/GantryExecutionTests/Fixtures.
func fixture(_ name: String) throws -> Data {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(name)
    return try Data(contentsOf: url)
}

func fixtureText(_ name: String) throws -> String {
    String(decoding: try fixture(name), as: UTF8.self)
}
