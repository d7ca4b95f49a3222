/// What `gantry python version --write` changes in `pyproject.toml`.
public struct PyProjectChanges: Sendable {
    public var version: PEP440Version?
    public var name: ProjectName?
    public var homepage: String?
    /// `[tool.gantry.version].files` carry the version: a dynamic `[project].version` is then left
    /// to the build backend instead of being an error.
    public var versionFilesConfigured = false

    public init(version: PEP440Version? = nil, name: ProjectName? = nil, homepage: String? = nil,
                versionFilesConfigured: Bool = false) {
        self.version = version
        self.name = name
        self.homepage = homepage
        self.versionFilesConfigured = versionFilesConfigured
    }
}

extension PyProject {
    /// One change to the file's bytes: a string value replaced (its quotes kept), or a line added.
    public struct Edit: Sendable {
        public var range: Range<Int>
        public var text: String
        /// The key it sets and the value it must read back as.
        public var path: [String]
        public var value: String
        /// For the log: `pyproject.toml:3: [project].version = "1.2.3"`.
        public var note: String
    }

    /// `https://host/path` and the like: a scheme, `://`, and no spaces or control characters.
    public static func isValidURL(_ url: String) -> Bool {
        guard let sep = url.range(of: "://"), !url[sep.upperBound...].isEmpty else { return false }
        let scheme = url[..<sep.lowerBound]
        guard let first = scheme.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII,
              scheme.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)) })
        else { return false }
        return !url.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
    }

    /// A `[project.urls]` label as core metadata compares it (PEP 753): punctuation and
    /// whitespace removed, lowercased — `Homepage`, `home-page` and `"Home Page"` are one label.
    public static func normalizedURLLabel(_ label: String) -> String {
        String(String.UnicodeScalarView(label.unicodeScalars.filter {
            !($0.properties.isWhitespace || ($0.isASCII && $0.properties.generalCategory.isPunctuationOrSymbol))
        })).lowercased()
    }

    /// The edits `changes` make, in file order. Nothing is changed where the value already is
    /// what is asked.
    public func edits(for changes: PyProjectChanges) throws(PythonProjectError) -> [Edit] {
        var edits: [Edit] = []
        if let name = changes.name { edits += try nameEdits(name.spelling) }
        if let version = changes.version {
            edits += try versionEdits(version.description, filesConfigured: changes.versionFilesConfigured)
        }
        if let homepage = changes.homepage {
            guard PyProject.isValidURL(homepage) else {
                throw PythonProjectError("'\(homepage)' is not a URL (expected something like https://gitlab.com/group/project)")
            }
            edits += try homepageEdits(homepage)
        }
        return edits.enumerated().sorted { ($0.element.range.lowerBound, $0.offset) < ($1.element.range.lowerBound, $1.offset) }.map(\.element)
    }

    /// The file with `changes` made, and a note per change. Every byte outside the changed values
    /// (and added lines) is kept; the result is read back to check it says what was asked.
    public func applying(_ changes: PyProjectChanges) throws(PythonProjectError) -> (bytes: [UInt8], notes: [String]) {
        let edits = try edits(for: changes)
        let bytes = document.bytes
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var cursor = 0
        for edit in edits {
            precondition(edit.range.lowerBound >= cursor, "overlapping edits")
            out += bytes[cursor..<edit.range.lowerBound]
            out += Array(edit.text.utf8)
            cursor = edit.range.upperBound
        }
        out += bytes[cursor...]
        if !edits.isEmpty {
            let check: PyProject
            do {
                check = try PyProject(bytes: out, file: file)
            } catch {
                throw PythonProjectError(file: file, "internal error: the edited file would not be valid TOML (\(error.description)); nothing was written")
            }
            for edit in edits where check.document.lookup(edit.path)?.node.value.string != edit.value {
                throw PythonProjectError(file: file, "internal error: \(PyProject.shown(edit.path)) would not read back as \"\(edit.value)\"; nothing was written")
            }
        }
        return (out, edits.map(\.note))
    }

    // MARK: Version, name, home page

    private func versionEdits(_ version: String, filesConfigured: Bool) throws(PythonProjectError) -> [Edit] {
        let dynamic = try strings(["project", "dynamic"])
        let isDynamic = dynamic?.contains { $0.value == "version" } ?? false
        let project = try string(PyProject.projectVersion)
        let poetry = try string(PyProject.poetryVersion)
        if let project, isDynamic {
            throw error(at: project.entry, "[project].version is set while [project].dynamic also lists \"version\"; a field is either static or dynamic (PEP 621): remove one of them")
        }
        let found = [project, poetry].compactMap { $0 }
        if !found.isEmpty {
            return found.compactMap { replace($0.entry, old: $0.value, with: version) }
        }
        if isDynamic {
            if filesConfigured { return [] }
            let node = dynamic!.first { $0.value == "version" }!.node
            throw error(at: node, """
                the version is dynamic ([project].dynamic lists "version"): the build backend computes it \
                (setuptools-scm, hatch-vcs, [tool.hatch.version], [tool.setuptools.dynamic], ...), so it must \
                not be written into pyproject.toml. Let the backend derive it from the git tag, or name the file \
                it reads (the one holding __version__ = "...") in [tool.gantry.version] files = ["src/pkg/__init__.py"]
                """)
        }
        if let added = addLine(in: ["project"], key: "version", value: version, after: PyProject.projectName) { return [added] }
        if let added = addLine(in: ["tool", "poetry"], key: "version", value: version, after: PyProject.poetryName) { return [added] }
        throw PythonProjectError(file: file, "there is no [project] (or [tool.poetry]) table to hold the version")
    }

    private func nameEdits(_ name: String) throws(PythonProjectError) -> [Edit] {
        var found: [(value: String, entry: TOMLDocument.Entry)] = []
        for path in [PyProject.projectName, PyProject.poetryName] {
            if let name = try string(path) { found.append(name) }
        }
        if !found.isEmpty {
            return found.compactMap { replace($0.entry, old: $0.value, with: name) }
        }
        if let added = addLine(in: ["project"], key: "name", value: name, atTop: true) { return [added] }
        if let added = addLine(in: ["tool", "poetry"], key: "name", value: name, atTop: true) { return [added] }
        throw PythonProjectError(file: file, "there is no [project] (or [tool.poetry]) table to hold the name")
    }

    private func homepageEdits(_ url: String) throws(PythonProjectError) -> [Edit] {
        var targets = document.entries.filter {
            !$0.inArray && $0.path.count == 3 && $0.path[0] == "project" && $0.path[1] == "urls"
                && PyProject.normalizedURLLabel($0.path[2]) == "homepage"
        }
        if let poetry = document.lookup(PyProject.poetryHomepage) { targets.append(poetry) }
        if !targets.isEmpty {
            var edits: [Edit] = []
            for entry in targets {
                guard let old = entry.node.value.string else {
                    throw error(at: entry.node, "\(PyProject.shown(entry.path)) is \(entry.node.value.kindDescription); it must be a string")
                }
                if let edit = replace(entry, old: old, with: url) { edits.append(edit) }
            }
            return edits
        }
        if let dynamic = try strings(["project", "dynamic"]), let urls = dynamic.first(where: { $0.value == "urls" }) {
            throw error(at: urls.node, "[project].dynamic lists \"urls\": the build backend sets them, so the home page cannot be written here")
        }
        if let added = addLine(in: ["project", "urls"], key: "Homepage", value: url) { return [added] }
        if let urls = document.lookup(["project", "urls"]) ?? document.children(of: ["project", "urls"]).first {
            throw error(at: urls, "[project].urls is written inline here and has no Homepage: add Homepage = \"...\" to it (or write it as a [project.urls] table)")
        }
        if let project = document.table(["project"]) {
            // A new [project.urls] table right after [project]'s entries.
            let nl = document.lineEnding
            let offset = project.entriesEnd
            let lead = needsNewline(before: offset) ? nl + nl : nl
            let text = "\(lead)[project.urls]\(nl)Homepage = \(TOMLString.encode(url))\(nl)"
            let line = document.location(of: max(offset - 1, 0)).line
            return [Edit(range: offset..<offset, text: text, path: ["project", "urls", "Homepage"], value: url,
                         note: "\(file): added [project.urls] Homepage = \"\(url)\" after line \(line)")]
        }
        if let added = addLine(in: ["tool", "poetry"], key: "homepage", value: url) { return [added] }
        throw PythonProjectError(file: file, "there is no [project] (or [tool.poetry]) table to hold the home page")
    }

    // MARK: Building edits

    /// The string value of `entry` replaced by `value`, in the same quoting style when it can hold
    /// it; nil when it already is `value`.
    private func replace(_ entry: TOMLDocument.Entry, old: String, with value: String) -> Edit? {
        guard old != value, case .string(_, let style) = entry.node.value else { return nil }
        return Edit(range: entry.node.range, text: TOMLString.encode(value, like: style), path: entry.path, value: value,
                    note: "\(file):\(entry.node.line): \(PyProject.shown(entry.path)) = \"\(value)\" (was \"\(old)\")")
    }

    private func needsNewline(before offset: Int) -> Bool {
        let bytes = document.bytes
        return offset == bytes.count && !bytes.isEmpty && bytes.last != 10
    }

    /// A `key = "value"` line added to the `[table]` section: after the line of `after` when that
    /// is one of its own entries, else first (`atTop`) or after its last entry; indented like its
    /// neighbours. nil when the file has no such `[table]` header.
    private func addLine(in table: [String], key: String, value: String, after: [String]? = nil, atTop: Bool = false) -> Edit? {
        guard let section = document.tables.firstIndex(where: { !$0.inArray && !$0.isArrayOfTables && $0.path == table }) else {
            return nil
        }
        let own = document.entries.filter { $0.section == section && !$0.inArray }
        var offset = atTop ? document.tables[section].headerLineEnd : document.tables[section].entriesEnd
        var neighbour = atTop ? own.first : own.last
        if let after, let anchor = own.first(where: { $0.path == after }) {
            offset = anchor.lineEnd
            neighbour = anchor
        }
        let bytes = document.bytes
        var indent = ""
        if let neighbour {
            var i = neighbour.lineStart
            while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 { indent.append(Character(Unicode.Scalar(bytes[i]))); i += 1 }
        }
        let nl = document.lineEnding
        let text = (needsNewline(before: offset) ? nl : "") + "\(indent)\(key) = \(TOMLString.encode(value))\(nl)"
        let line = document.location(of: max(offset - 1, 0)).line
        return Edit(range: offset..<offset, text: text, path: table + [key], value: value,
                    note: "\(file): added \(PyProject.shown(table + [key])) = \"\(value)\" after line \(line)")
    }
}

extension Unicode.GeneralCategory {
    var isPunctuationOrSymbol: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            true
        default:
            false
        }
    }
}
