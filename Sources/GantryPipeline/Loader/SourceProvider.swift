#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Where included files come from: the project's files on disk for `gantry lint`/`plan`/`run`,
/// a commit's tree for the server.
public protocol SourceProvider: Sendable {
    /// Contents of a file given by its path relative to the project root, or nil when absent.
    func read(_ path: String) -> String?
    /// The file's bytes as stored, so that invalid UTF-8 can be refused rather than replaced.
    func readBytes(_ path: String) -> [UInt8]?
    /// Every file path (relative to the root, `/`-separated) in the project, for wildcard includes.
    func allFiles() -> [String]
    /// How a file is named in messages (the path a user can open).
    func displayName(_ path: String) -> String
}

extension SourceProvider {
    public func displayName(_ path: String) -> String { path }
    public func readBytes(_ path: String) -> [UInt8]? { read(path).map { Array($0.utf8) } }
}

/// Files under a directory on disk.
public struct DirectorySource: SourceProvider {
    public let root: URL
    /// The root as the user would write it (`.`, `examples/pvoutput`), for messages.
    public let displayRoot: String

    public init(root: URL, displayRoot: String = ".") {
        self.root = root
        self.displayRoot = displayRoot
    }

    public func displayName(_ path: String) -> String {
        displayRoot == "." || displayRoot.isEmpty ? path : displayRoot + "/" + path
    }

    public func read(_ path: String) -> String? {
        let url = root.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    public func readBytes(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: root.appendingPathComponent(path).path).map { [UInt8]($0) }
    }

    /// Regular files only (symlinks are neither listed nor followed), Gantry's state, git's and
    /// tool folders left out; sorted.
    public func allFiles() -> [String] {
        var files: [String] = []
        DirectorySource.walk(root.standardizedFileURL.path, prefix: "", into: &files)
        return files.sorted()
    }

    private static let skipped: Set<String> = [".git", ".gantry", ".build", ".venv", "node_modules"]

    /// readdir with the entry types the file system reports (lstat only where it reports none):
    /// a project of thousands of files is listed in milliseconds, which every plan pays.
    private static func walk(_ directory: String, prefix: String, into files: inout [String]) {
        guard let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name == "." || name == ".." || skipped.contains(name) { continue }
            let path = directory + "/" + name
            var type = Int32(entry.pointee.d_type)
            if type == Int32(DT_UNKNOWN) {
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                type = info.st_mode & S_IFMT == S_IFDIR ? Int32(DT_DIR) : info.st_mode & S_IFMT == S_IFREG ? Int32(DT_REG) : Int32(DT_LNK)
            }
            if type == Int32(DT_DIR) {
                walk(path, prefix: prefix + name + "/", into: &files)
            } else if type == Int32(DT_REG) {
                files.append(prefix + name)
            }
        }
    }
}
