import Foundation

/// `gantry python version`: the version a pipeline builds, and (with `write`) the project files
/// that state it. Everything is read and checked before anything is written.
public enum VersionStamp {
    public struct Request: Sendable {
        /// The tag of a tag pipeline (`CI_COMMIT_TAG`): its version is the one published.
        public var tag: String?
        /// `CI_PIPELINE_ID`, for dev versions.
        public var pipelineID: Int?
        /// The branch (`CI_COMMIT_REF_NAME`), for the dev version's local label.
        public var ref: String?
        public var name: ProjectName?
        public var homepage: String?
        public var write: Bool
        public var projectDirectory: String

        public init(tag: String? = nil, pipelineID: Int? = nil, ref: String? = nil, name: ProjectName? = nil,
                    homepage: String? = nil, write: Bool = false, projectDirectory: String = ".") {
            self.tag = tag
            self.pipelineID = pipelineID
            self.ref = ref
            self.name = name
            self.homepage = homepage
            self.write = write
            self.projectDirectory = projectDirectory
        }
    }

    public struct FileUpdate: Sendable {
        public var path: String
        public var bytes: [UInt8]
        public var notes: [String]
    }

    public struct Outcome: Sendable {
        public var version: PEP440Version
        /// Where the version came from, for the log: `tag v1.2.3`, `last release 1.2.3 (git tag v1.2.3)`.
        public var origin: String
        /// The files whose bytes change, in the order to write them.
        public var updates: [FileUpdate]
    }

    /// Computes the version and, when writing, every file's new bytes; writes nothing.
    /// `reachableTags` lists the git tags reachable from HEAD (nil outside git); it is only asked
    /// for a dev version.
    public static func plan(_ request: Request, reachableTags: () -> [String]?) throws(PythonProjectError) -> Outcome {
        if !request.write && (request.name != nil || request.homepage != nil) {
            throw PythonProjectError("--set-name and --set-homepage change pyproject.toml: add --write")
        }
        let directory = request.projectDirectory
        let pyprojectPath = join(directory, "pyproject.toml")
        var pyproject: PyProject?
        if let bytes = AtomicFile.read(pyprojectPath) {
            pyproject = try PyProject(bytes: bytes, file: pyprojectPath)
        } else if request.write {
            throw PythonProjectError(file: pyprojectPath, "no such file: --write updates the project's pyproject.toml (use --project DIR for another folder)")
        }
        let settings = try pyproject?.versionSettings() ?? PyProject.VersionSettings()

        let version: PEP440Version
        let origin: String
        if let tag = request.tag {
            do {
                version = try VersionRules.version(forTag: tag)
            } catch {
                throw PythonProjectError(error.description)
            }
            origin = "tag \(tag)"
        } else {
            let (last, lastOrigin) = try lastRelease(pyproject, reachableTags)
            do {
                version = try VersionRules.devVersion(format: settings.devFormat, last: last, pipelineID: request.pipelineID, ref: request.ref)
            } catch {
                if let node = settings.devFormatNode, error != .missingPipelineID {
                    throw PythonProjectError(file: pyproject?.file, line: node.line, column: node.column, "[tool.gantry.version].dev-format: \(error.description)")
                }
                throw PythonProjectError(error.description)
            }
            origin = "last release \(last) (\(lastOrigin)), dev-format \"\(settings.devFormat)\""
        }

        var updates: [FileUpdate] = []
        if request.write, let pyproject {
            let changes = PyProjectChanges(version: version, name: request.name, homepage: request.homepage,
                                           versionFilesConfigured: !settings.files.isEmpty)
            let (bytes, notes) = try pyproject.applying(changes)
            if bytes != pyproject.document.bytes {
                updates.append(FileUpdate(path: pyprojectPath, bytes: bytes, notes: notes))
            }
            for (relative, node) in settings.files {
                let path = join(directory, relative)
                guard let old = AtomicFile.read(path) else {
                    throw PythonProjectError(file: pyproject.file, line: node.line, column: node.column,
                                             "[tool.gantry.version].files: \(relative) does not exist")
                }
                let (new, lines) = try VersionFile.rewrite(old, version: version.description, file: relative)
                if new != old {
                    updates.append(FileUpdate(path: path, bytes: new,
                                              notes: lines.map { "\(relative):\($0): __version__ = \"\(version)\"" }))
                }
            }
        }
        return Outcome(version: version, origin: origin, updates: updates)
    }

    /// Writes each update atomically.
    public static func write(_ updates: [FileUpdate]) throws(PythonProjectError) {
        for update in updates { try AtomicFile.write(update.bytes, to: update.path) }
    }

    /// The highest release tag reachable from HEAD, else the version pyproject.toml states
    /// (without dev-release or local parts: a committed `1.3.0.dev0` means "working on 1.3.0").
    static func lastRelease(_ pyproject: PyProject?, _ reachableTags: () -> [String]?) throws(PythonProjectError) -> (PEP440Version, String) {
        let tags = reachableTags() ?? []
        if let (tag, version) = tags.compactMap({ t in VersionRules.releaseVersion(ofTag: t).map { (t, $0) } }).max(by: { $0.1 < $1.1 }) {
            return (version, "git tag \(tag)")
        }
        if let pyproject, let (stated, entry) = try pyproject.statedVersion() {
            var last = stated
            last.dev = nil
            last.local = []
            return (last, "\(pyproject.file):\(entry.node.line) \(PyProject.shown(entry.path))")
        }
        throw PythonProjectError("""
            no release to base a dev version on: no git tag reachable from HEAD is a version (like v1.2.3)\
            \(pyproject == nil ? " and there is no pyproject.toml" : " and pyproject.toml states no version"). \
            Tag a release, set [project].version, or fetch the tags (GIT_DEPTH: 0 in the job)
            """)
    }

    static func join(_ directory: String, _ relative: String) -> String {
        directory == "." || directory.isEmpty ? relative : (directory.hasSuffix("/") ? directory + relative : directory + "/" + relative)
    }
}
