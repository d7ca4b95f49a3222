/// The file name of a wheel or an sdist, split into the project name and version it claims.
///
/// Wheels follow the binary distribution format: `{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl`,
/// with `-` in the name escaped as `_`. Sdists are `{name}-{version}.tar.gz` (or the older `.zip`);
/// since legacy sdist names may contain `-`, the name/version split is the leftmost `-` whose
/// remainder is a PEP 440 version (`foo-bar-1.0` → `foo-bar` 1.0, `foo-1.0-1` → `foo` 1.0.post1).
public struct DistributionFilename: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case wheel
        case sdistTarGzip
        case sdistZip

        /// What twine sends as `filetype` and GitLab stores: `bdist_wheel` or `sdist`.
        public var fileType: String { self == .wheel ? "bdist_wheel" : "sdist" }
    }

    public let filename: String
    public let kind: Kind
    /// The name as spelled in the file name.
    public let name: String
    public let version: PEP440Version
    /// Wheel tags (`py3`, `none`, `any`); empty for sdists.
    public let pythonTag: String
    public let abiTag: String
    public let platformTag: String

    public struct InvalidFilename: Error, Equatable, Sendable, CustomStringConvertible {
        public var filename: String
        public var reason: String
        public var description: String { "'\(filename)' is not a valid distribution file name: \(reason)" }
    }

    public init(parsing filename: String) throws(InvalidFilename) {
        func fail(_ reason: String) -> InvalidFilename { InvalidFilename(filename: filename, reason: reason) }
        self.filename = filename
        let lower = filename.lowercased()
        if lower.hasSuffix(".whl") {
            let parts = filename.dropLast(4).split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 5 || parts.count == 6, parts.allSatisfy({ !$0.isEmpty }) else {
                throw fail("a wheel is named {name}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl")
            }
            if parts.count == 6, !(parts[2].first?.isNumber ?? false) {
                throw fail("the build tag '\(parts[2])' does not start with a digit")
            }
            guard ProjectName.isValid(String(parts[0])) else { throw fail("'\(parts[0])' is not a valid project name") }
            guard let version = PEP440Version(String(parts[1])) else { throw fail("'\(parts[1])' is not a PEP 440 version") }
            kind = .wheel
            name = String(parts[0])
            self.version = version
            pythonTag = String(parts[parts.count - 3])
            abiTag = String(parts[parts.count - 2])
            platformTag = String(parts[parts.count - 1])
            return
        }
        let stem: Substring
        if lower.hasSuffix(".tar.gz") {
            kind = .sdistTarGzip
            stem = filename.dropLast(7)
        } else if lower.hasSuffix(".zip") {
            kind = .sdistZip
            stem = filename.dropLast(4)
        } else {
            throw fail("only wheels (.whl) and source distributions (.tar.gz, .zip) are accepted")
        }
        for dash in stem.indices where stem[dash] == "-" {
            let candidate = String(stem[..<dash])
            if ProjectName.isValid(candidate), let version = PEP440Version(String(stem[stem.index(after: dash)...])) {
                name = candidate
                self.version = version
                pythonTag = ""
                abiTag = ""
                platformTag = ""
                return
            }
        }
        throw fail("a source distribution is named {name}-{version}.tar.gz")
    }

    /// PEP 503's form of the name in the file name.
    public var normalizedName: String { ProjectName.normalize(name) }

    /// Whether `other` names the same distribution, spelled perhaps in another form (`My_Pkg` for
    /// `my-pkg`, `1.0` for `1.0.0`): what PEP 740 asks of an attestation's subject.
    public func isEquivalent(to other: DistributionFilename) -> Bool {
        kind == other.kind && normalizedName == other.normalizedName && version == other.version
            && pythonTag.lowercased() == other.pythonTag.lowercased() && abiTag.lowercased() == other.abiTag.lowercased()
            && platformTag.lowercased() == other.platformTag.lowercased()
    }
}
