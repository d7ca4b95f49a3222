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

    public func allFiles() -> [String] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        let base = root.standardizedFileURL.path
        var files: [String] = []
        for case let url as URL in walker {
            let name = url.lastPathComponent
            if name == ".git" || name == ".gantry" || name == ".build" || name == ".venv" || name == "node_modules" {
                walker.skipDescendants()
                continue
            }
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            var path = url.standardizedFileURL.path
            if path.hasPrefix(base) { path = String(path.dropFirst(base.count)) }
            files.append(path.hasPrefix("/") ? String(path.dropFirst()) : path)
        }
        return files.sorted()
    }
}
