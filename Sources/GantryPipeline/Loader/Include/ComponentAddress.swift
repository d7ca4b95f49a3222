import GantryYAML
/// `include: component: <fqdn>/<project path>/<name>@<version>` as GitLab reads it
/// (Gitlab::Ci::Components::InstancePath): the address must start with this server's FQDN; the
/// last `/` separates the project's full path from the component's name.
public struct ComponentAddress: Sendable, Equatable {
    public let address: String
    public let project: String
    public let name: String
    public let version: String

    static let latest = "~latest"

    /// Nil when the address is not one this server resolves ("the component path is not supported").
    public init?(_ address: String, serverFQDN: String) {
        let prefix = serverFQDN + "/"
        guard address.contains("@"), address.hasPrefix(prefix) else { return nil }
        let parts = address.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0].dropFirst(prefix.count))
        guard !path.hasPrefix("/"), let slash = path.lastIndex(of: "/") else { return nil }
        self.address = address
        project = String(path[..<slash])
        name = String(path[path.index(after: slash)...])
        version = String(parts[1])
    }

    /// Where the component's file is in its project, in GitLab's order.
    public var candidatePaths: [String] { ["templates/\(name).yml", "templates/\(name)/template.yml"] }

    /// GitLab's "Component '…' -" prefix of every component error.
    public func error(_ text: String) -> String { "Component '\(address)' - \(text)" }

    /// The ref to read the component at, from the project's tags: `~latest` is the highest
    /// released semantic version, `1` or `1.2` the highest of that major (and minor) version;
    /// anything else (or a partial version no tag matches) is a tag, branch or SHA itself.
    /// Gantry has no catalog: every project's semantic-version tags are its released versions.
    /// Nil for `~latest` when there is no such tag.
    public func ref(tags: [String: String]) -> String? {
        let released = tags.compactMap { name, sha in SemanticVersion(name).flatMap { $0.isPrerelease ? nil : ($0, sha) } }
        if version == Self.latest { return released.max { $0.0 < $1.0 }?.1 }
        if let wanted = partialVersion {
            let matching = released.filter { $0.0.major == wanted.major && (wanted.minor == nil || $0.0.minor == wanted.minor) }
            if let best = matching.max(by: { $0.0 < $1.0 }) { return best.1 }
        }
        return tags[version] ?? version
    }

    /// What `$[[ component.name ]]`, `.sha`, `.version` and `.reference` read, as GitLab fills them:
    /// the commit read (when `ref` is one), the released version that commit carries (when a
    /// semantic-version tag does), and the version as the address wrote it.
    public func facts(ref: String, tags: [String: String], mark: SourceMark) -> Mapping {
        var facts = Mapping()
        facts["name", mark] = .string(name, mark: mark)
        let isCommit = ref.count == 40 && ref.allSatisfy(\.isHexDigit)
        facts["sha", mark] = isCommit ? .string(ref, mark: mark) : .null(mark: mark)
        let released = tags.filter { $0.value == ref && SemanticVersion($0.key) != nil }.keys.sorted().last
        facts["version", mark] = released.map { .string($0, mark: mark) } ?? .null(mark: mark)
        facts["reference", mark] = .string(version, mark: mark)
        return facts
    }

    /// `1` or `1.2` (GitLab's SHORTHAND_SEMVER_PATTERN `^\d+(\.\d+)?$`).
    private var partialVersion: (major: Int, minor: Int?)? {
        let fields = version.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(fields.count), fields.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
              let major = Int(fields[0]) else { return nil }
        return (major, fields.count == 2 ? Int(fields[1]) : nil)
    }
}

/// `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]` (semver.org), ordered as semver orders it.
struct SemanticVersion: Comparable {
    let major: Int, minor: Int, patch: Int
    let prerelease: [Substring]

    var isPrerelease: Bool { !prerelease.isEmpty }

    init?(_ text: String) {
        let withoutBuild = text.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let dash = withoutBuild.firstIndex(of: "-")
        let core = dash.map { withoutBuild[..<$0] } ?? withoutBuild
        let numbers = core.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3, numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
              let major = Int(numbers[0]), let minor = Int(numbers[1]), let patch = Int(numbers[2]) else { return nil }
        (self.major, self.minor, self.patch) = (major, minor, patch)
        prerelease = dash.map { withoutBuild[withoutBuild.index(after: $0)...].split(separator: ".") } ?? []
    }

    static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if (a.major, a.minor, a.patch) != (b.major, b.minor, b.patch) { return (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch) }
        if a.prerelease.isEmpty || b.prerelease.isEmpty { return !a.prerelease.isEmpty && b.prerelease.isEmpty }
        for (x, y) in zip(a.prerelease, b.prerelease) where x != y {
            switch (Int(x), Int(y)) {
            case let (i?, j?): return i < j
            case (_?, nil): return true
            case (nil, _?): return false
            default: return x < y
            }
        }
        return a.prerelease.count < b.prerelease.count
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
