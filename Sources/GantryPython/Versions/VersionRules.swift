/// How a pipeline's package version is chosen: a tag pipeline publishes the tag's version; any
/// other pipeline builds a dev version from the last release, the pipeline id and the ref.
public enum VersionRules {
    public static let defaultDevFormat = "{last}.dev{pipeline_id}+{ref_slug}"

    /// The placeholders a `dev-format` may use.
    public static let placeholders = ["last", "next_major", "next_minor", "next_patch", "pipeline_id", "ref_slug"]

    public struct InvalidTag: Error, Equatable, Sendable, CustomStringConvertible {
        public var tag: String
        public var reason: String
        public var description: String {
            "tag '\(tag)' is not a PEP 440 version: \(reason); release tags look like 1.2.3, v1.2.3 or 1.2.3rc1"
        }
    }

    /// The version a tag pipeline publishes: the tag, with an optional leading `v`, as a PEP 440
    /// version in normalised form (`v1.2.3` → `1.2.3`, `1.2.3-RC.1` → `1.2.3rc1`).
    public static func version(forTag tag: String) throws(InvalidTag) -> PEP440Version {
        // PEP 440 tolerates surrounding whitespace; a tag holding any is not what anyone means.
        guard !tag.unicodeScalars.contains(where: { $0.properties.isWhitespace }) else {
            throw InvalidTag(tag: tag, reason: "it contains whitespace")
        }
        do {
            return try PEP440Version(parsing: tag)
        } catch {
            throw InvalidTag(tag: tag, reason: error.reason)
        }
    }

    /// Whether a git tag marks a release: a PEP 440 version (optional leading `v`) that is not a
    /// dev-release and has no local label (finals, pre- and post-releases count).
    public static func releaseVersion(ofTag tag: String) -> PEP440Version? {
        guard let version = try? version(forTag: tag), version.dev == nil, version.local.isEmpty else { return nil }
        return version
    }

    /// The highest release among `tags` (PEP 440 order), nil when none looks like a release.
    public static func lastRelease(amongTags tags: [String]) -> PEP440Version? {
        tags.compactMap(releaseVersion(ofTag:)).max()
    }

    /// A ref as a PEP 440 local label: GitLab's `CI_COMMIT_REF_SLUG` (lowercased, every character
    /// but `a-z0-9` replaced by `-`, at most 63 characters, no leading or trailing `-`) with `-`
    /// turned into `.` and runs of separators collapsed: `feature/ABC_1` → `feature.abc.1`.
    /// Empty when nothing is left (the version then has no local label).
    public static func localLabel(forRef ref: String) -> String {
        var slug = ""
        for scalar in ref.lowercased().unicodeScalars {
            let isAlnum = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
            slug.unicodeScalars.append(isAlnum ? scalar : "-")
        }
        slug = String(slug.prefix(63))
        var label = ""
        for ch in slug {
            if ch == "-" {
                if !label.isEmpty && !label.hasSuffix(".") { label.append(".") }
            } else {
                label.append(ch)
            }
        }
        while label.hasSuffix(".") { label.removeLast() }
        return label
    }

    public enum DevFormatError: Error, Equatable, Sendable, CustomStringConvertible {
        case unknownPlaceholder(String)
        case unclosedPlaceholder
        case missingPipelineID
        case invalidResult(String, reason: String)

        public var description: String {
            switch self {
            case .unknownPlaceholder(let name):
                "unknown placeholder {\(name)} (known: \(VersionRules.placeholders.map { "{\($0)}" }.joined(separator: ", ")))"
            case .unclosedPlaceholder:
                "a '{' without its '}'"
            case .missingPipelineID:
                "{pipeline_id} needs the pipeline id: pass --pipeline-id N or run inside a pipeline (CI_PIPELINE_ID)"
            case .invalidResult(let text, let reason):
                "it gives '\(text)', which is not a PEP 440 version: \(reason)"
            }
        }
    }

    /// The placeholders `format` uses, in order (to know, before any work, what it needs).
    public static func placeholders(in format: String) throws(DevFormatError) -> [String] {
        var names: [String] = []
        var rest = Substring(format)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { throw .unclosedPlaceholder }
            let name = String(rest[rest.index(after: open)..<close])
            guard placeholders.contains(name) else { throw .unknownPlaceholder(name) }
            names.append(name)
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// A non-release pipeline's version: `format` with its placeholders filled, normalised.
    /// `{ref_slug}` is the ref's local label; when that is empty, a `+` left with nothing after it
    /// is dropped (`1.2.3.dev7+` → `1.2.3.dev7`).
    public static func devVersion(format: String = defaultDevFormat, last: PEP440Version,
                                  pipelineID: Int?, ref: String?) throws(DevFormatError) -> PEP440Version {
        let used = try placeholders(in: format)
        if used.contains("pipeline_id") && pipelineID == nil { throw .missingPipelineID }
        var values: [String: String] = [
            "last": last.description,
            "next_major": bumped(last, at: 0).description,
            "next_minor": bumped(last, at: 1).description,
            "next_patch": bumped(last, at: 2).description,
            "ref_slug": ref.map(localLabel(forRef:)) ?? "",
        ]
        if let pipelineID { values["pipeline_id"] = String(pipelineID) }
        var text = ""
        var rest = Substring(format)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            text += rest[..<open]
            text += values[String(rest[rest.index(after: open)..<close])] ?? ""
            rest = rest[rest.index(after: close)...]
        }
        text += rest
        if text.hasSuffix("+") { text.removeLast() }
        do {
            return try PEP440Version(parsing: text)
        } catch {
            throw .invalidResult(text, reason: error.reason)
        }
    }

    /// `last`'s release with the number at `index` (0 major, 1 minor, 2 patch) raised by one and
    /// those after it zero; epoch kept, pre/post/dev/local dropped: `1.2` → next patch `1.2.1`.
    public static func bumped(_ last: PEP440Version, at index: Int) -> PEP440Version {
        var release = last.release
        while release.count <= index { release.append(0) }
        release[index] += 1
        for i in (index + 1)..<release.count { release[i] = 0 }
        return PEP440Version(epoch: last.epoch, release: release)
    }
}
