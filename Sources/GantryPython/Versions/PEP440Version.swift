/// A version as PEP 440 defines it: `[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]`.
///
/// Parsing accepts every spelling PEP 440 allows (a leading `v`, `alpha`/`beta`/`c`/`pre`/`preview`,
/// `rev`/`r`, `-N` post-releases, `-`/`_`/`.` separators, implicit numbers, any case); `description`
/// is the normalised form pip and PyPI show. Equality and order are PEP 440's: `1.0 == 1.0.0`, and
/// `1.0.dev1 < 1.0a1 < 1.0b1 < 1.0rc1 < 1.0 < 1.0+local < 1.0.post1`.
public struct PEP440Version: Sendable, Comparable, Hashable, CustomStringConvertible {
    public enum PreReleaseKind: Int, Sendable, Comparable {
        case alpha, beta, releaseCandidate

        public var label: String {
            switch self {
            case .alpha: "a"
            case .beta: "b"
            case .releaseCandidate: "rc"
            }
        }

        public static func < (a: PreReleaseKind, b: PreReleaseKind) -> Bool { a.rawValue < b.rawValue }
    }

    public struct PreRelease: Sendable, Hashable {
        public var kind: PreReleaseKind
        public var number: Int

        public init(_ kind: PreReleaseKind, _ number: Int) {
            self.kind = kind
            self.number = number
        }
    }

    /// One dot-separated part of a local version label: numbers compare as numbers and sort
    /// after words (PEP 440's rule).
    public enum LocalSegment: Sendable, Hashable, CustomStringConvertible {
        case number(Int)
        case word(String)

        public var description: String {
            switch self {
            case .number(let n): String(n)
            case .word(let w): w
            }
        }
    }

    public var epoch: Int
    public var release: [Int]
    public var pre: PreRelease?
    public var post: Int?
    public var dev: Int?
    public var local: [LocalSegment]

    public init(epoch: Int = 0, release: [Int], pre: PreRelease? = nil, post: Int? = nil, dev: Int? = nil,
                local: [LocalSegment] = []) {
        precondition(!release.isEmpty, "a version has at least one release number")
        self.epoch = epoch
        self.release = release
        self.pre = pre
        self.post = post
        self.dev = dev
        self.local = local
    }

    /// The normalised form: `1!2.0rc1.post3.dev4+ubuntu.1`.
    public var description: String {
        var text = epoch != 0 ? "\(epoch)!" : ""
        text += release.map(String.init).joined(separator: ".")
        if let pre { text += "\(pre.kind.label)\(pre.number)" }
        if let post { text += ".post\(post)" }
        if let dev { text += ".dev\(dev)" }
        if !local.isEmpty { text += "+" + local.map(\.description).joined(separator: ".") }
        return text
    }

    /// The version without its local label (what an index compares and stores).
    public var publicVersion: PEP440Version {
        var copy = self
        copy.local = []
        return copy
    }

    /// Epoch and release only: `1!2.0.3rc1.dev4` → `1!2.0.3`.
    public var baseVersion: PEP440Version { PEP440Version(epoch: epoch, release: release) }

    /// A final release: no pre-, post- or dev-release part and no local label.
    public var isFinalRelease: Bool { pre == nil && post == nil && dev == nil && local.isEmpty }
    public var isPreRelease: Bool { pre != nil || dev != nil }
    public var isDevRelease: Bool { dev != nil }
    public var isPostRelease: Bool { post != nil }

    public var major: Int { release[0] }
    public var minor: Int { release.count > 1 ? release[1] : 0 }
    public var micro: Int { release.count > 2 ? release[2] : 0 }

    // MARK: Ordering (PEP 440 "Summary of permitted suffixes and relative ordering")

    public static func == (a: PEP440Version, b: PEP440Version) -> Bool { compare(a, b) == 0 }

    public static func < (a: PEP440Version, b: PEP440Version) -> Bool { compare(a, b) < 0 }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(epoch)
        hasher.combine(Array(release.reversed().drop(while: { $0 == 0 }).reversed()))
        hasher.combine(pre)
        hasher.combine(post)
        hasher.combine(dev)
        hasher.combine(local)
    }

    /// -1, 0 or 1, as packaging's `Version` orders.
    public static func compare(_ a: PEP440Version, _ b: PEP440Version) -> Int {
        for (x, y) in zip(a.sortKey, b.sortKey) {
            if x != y { return x.lexicographicallyPrecedes(y) ? -1 : 1 }
        }
        return compareLocal(a.local, b.local)
    }

    /// Epoch, release (trailing zeros ignored), then pre-, post- and dev-release ranks, each as
    /// numbers compared lexicographically.
    private var sortKey: [[Int]] {
        var trimmedRelease = release
        while trimmedRelease.count > 1, trimmedRelease.last == 0 { trimmedRelease.removeLast() }
        // A dev-release of a final release (`1.0.dev0`) sorts before its pre-releases (`1.0a0`);
        // without a pre-release part a version sorts after every pre-release.
        let preRank: [Int] = if let pre { [1, pre.kind.rawValue, pre.number] } else if post == nil && dev != nil { [0] } else { [2] }
        // No post-release sorts before any post-release; no dev-release after any dev-release.
        let postRank: [Int] = post.map { [1, $0] } ?? [0]
        let devRank: [Int] = dev.map { [0, $0] } ?? [1]
        return [[epoch], trimmedRelease, preRank, postRank, devRank]
    }

    private static func compareLocal(_ a: [LocalSegment], _ b: [LocalSegment]) -> Int {
        for (x, y) in zip(a, b) {
            switch (x, y) {
            case (.number(let m), .number(let n)): if m != n { return m < n ? -1 : 1 }
            case (.word(let v), .word(let w)): if v != w { return v < w ? -1 : 1 }
            case (.word, .number): return -1
            case (.number, .word): return 1
            }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}
