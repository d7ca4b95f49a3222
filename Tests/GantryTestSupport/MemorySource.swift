import GantryPipeline

/// Project files held in memory, for include and `rules: exists` tests and plans from YAML text.
public struct MemorySource: SourceProvider {
    public var files: [String: String]

    public init(files: [String: String] = [:]) { self.files = files }

    public func read(_ path: String) -> String? { files[path] }
    public func allFiles() -> [String] { files.keys.sorted() }
}
