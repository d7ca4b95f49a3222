/// `pyproject.toml` as a version tool needs it: where the version, name and home page live
/// (PEP 621 `[project]`, Poetry's `[tool.poetry]`), what is dynamic, and Gantry's own
/// `[tool.gantry.version]` settings.
public struct PyProject: Sendable {
    /// The name used in messages (`pyproject.toml`, or a path).
    public let file: String
    public let document: TOMLDocument

    public init(bytes: [UInt8], file: String = "pyproject.toml") throws(PythonProjectError) {
        self.file = file
        do {
            document = try TOMLDocument(bytes: bytes)
        } catch {
            throw PythonProjectError(file: file, line: error.line, column: error.column, error.message)
        }
    }

    public init(_ text: String, file: String = "pyproject.toml") throws(PythonProjectError) {
        try self.init(bytes: Array(text.utf8), file: file)
    }

    public static let projectVersion = ["project", "version"]
    public static let projectName = ["project", "name"]
    public static let poetryVersion = ["tool", "poetry", "version"]
    public static let poetryName = ["tool", "poetry", "name"]
    public static let poetryHomepage = ["tool", "poetry", "homepage"]
    public static let gantryVersion = ["tool", "gantry", "version"]

    func error(at entry: TOMLDocument.Entry, _ message: String) -> PythonProjectError {
        PythonProjectError(file: file, line: entry.line, column: entry.column, message)
    }

    func error(at node: TOMLDocument.Node, _ message: String) -> PythonProjectError {
        PythonProjectError(file: file, line: node.line, column: node.column, message)
    }

    /// `[a.b].c` for messages.
    static func shown(_ path: [String]) -> String {
        path.count < 2 ? path.joined(separator: ".") : "[\(path.dropLast().joined(separator: "."))].\(path.last!)"
    }

    /// The string at `path`; nil when absent, an error when it holds something else.
    public func string(_ path: [String]) throws(PythonProjectError) -> (value: String, entry: TOMLDocument.Entry)? {
        guard let entry = document.lookup(path) else { return nil }
        guard let value = entry.node.value.string else {
            throw error(at: entry.node, "\(PyProject.shown(path)) is \(entry.node.value.kindDescription); it must be a string")
        }
        return (value, entry)
    }

    /// The array of strings at `path`; nil when absent, an error when it holds something else.
    public func strings(_ path: [String]) throws(PythonProjectError) -> [(value: String, node: TOMLDocument.Node)]? {
        guard let entry = document.lookup(path) else { return nil }
        guard case .array(let items) = entry.node.value else {
            throw error(at: entry.node, "\(PyProject.shown(path)) is \(entry.node.value.kindDescription); it must be an array of strings")
        }
        var out: [(String, TOMLDocument.Node)] = []
        for item in items {
            guard let s = item.value.string else {
                throw error(at: item, "\(PyProject.shown(path)) holds \(item.value.kindDescription); it must hold strings only")
            }
            out.append((s, item))
        }
        return out
    }

    /// `[project].dynamic`: the fields a build backend computes.
    public func dynamicFields() throws(PythonProjectError) -> [String] {
        try strings(["project", "dynamic"])?.map(\.value) ?? []
    }

    /// The version the file states (`[project].version`, else `[tool.poetry].version`), and where.
    public func statedVersion() throws(PythonProjectError) -> (version: PEP440Version, entry: TOMLDocument.Entry)? {
        for path in [PyProject.projectVersion, PyProject.poetryVersion] {
            guard let (text, entry) = try string(path) else { continue }
            do {
                return (try PEP440Version(parsing: text), entry)
            } catch {
                throw self.error(at: entry.node, "\(PyProject.shown(path)) \(error.description)")
            }
        }
        return nil
    }

    /// `[tool.gantry.version]`.
    public struct VersionSettings: Sendable {
        public var devFormat = VersionRules.defaultDevFormat
        /// Where `dev-format` is set, for messages.
        public var devFormatNode: TOMLDocument.Node?
        /// Files whose `__version__ = "..."` line is rewritten, relative to the project folder.
        public var files: [(path: String, node: TOMLDocument.Node)] = []

        public init() {}
    }

    public func versionSettings() throws(PythonProjectError) -> VersionSettings {
        var settings = VersionSettings()
        let base = PyProject.gantryVersion
        if let entry = document.lookup(base) {
            if case .inlineTable = entry.node.value {} else {
                throw error(at: entry.node, "tool.gantry.version must be a table ([tool.gantry.version] with dev-format and files)")
            }
        }
        for entry in document.entries where !entry.inArray && entry.path.count > base.count && Array(entry.path.prefix(base.count)) == base {
            let key = entry.path[base.count...].joined(separator: ".")
            switch key {
            case "dev-format":
                guard let format = entry.node.value.string else {
                    throw error(at: entry.node, "[tool.gantry.version].dev-format must be a string like \"\(VersionRules.defaultDevFormat)\"")
                }
                do {
                    _ = try VersionRules.placeholders(in: format)
                } catch {
                    throw self.error(at: entry.node, "[tool.gantry.version].dev-format: \(error.description)")
                }
                settings.devFormat = format
                settings.devFormatNode = entry.node
            case "files":
                settings.files = try strings(entry.path)!.map { ($0.value, $0.node) }
                for (path, node) in settings.files where path.isEmpty || path.hasPrefix("/") {
                    throw error(at: node, "[tool.gantry.version].files: '\(path)' must be a path relative to the project folder")
                }
            default:
                throw error(at: entry, "unknown setting \(key) in [tool.gantry.version] (known: dev-format, files)")
            }
        }
        return settings
    }
}
