/// Path patterns as GitLab matches them for `include: local` wildcards, `rules:exists`/`changes`
/// and artifact paths: `*` stays within one directory, `**` crosses directories, `**/` also
/// matches no directory at all, `?` is one character of a name.
public struct Glob: Sendable {
    private enum Part: Sendable, Equatable {
        case literal(UInt8)
        case oneCharacter
        case star
        case globstar
        case directories  // `**/`: empty, or anything ending in `/`
    }

    private let parts: [Part]
    public let pattern: String

    public init(_ pattern: String) {
        self.pattern = pattern
        var parts: [Part] = []
        let bytes = Array(pattern.utf8)
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "*") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "*"):
                if i + 2 < bytes.count && bytes[i + 2] == UInt8(ascii: "/") {
                    parts.append(.directories)
                    i += 3
                } else {
                    parts.append(.globstar)
                    i += 2
                }
                continue
            case UInt8(ascii: "*"): parts.append(.star)
            case UInt8(ascii: "?"): parts.append(.oneCharacter)
            case let c: parts.append(.literal(c))
            }
            i += 1
        }
        self.parts = parts
    }

    public var hasWildcards: Bool {
        parts.contains { if case .literal = $0 { return false } else { return true } }
    }

    public func matches(_ path: String) -> Bool {
        match(0, Array(path.utf8), 0)
    }

    private func match(_ p: Int, _ t: [UInt8], _ i: Int) -> Bool {
        var p = p, i = i
        while p < parts.count {
            switch parts[p] {
            case .literal(let c):
                guard i < t.count, t[i] == c else { return false }
                p += 1; i += 1
            case .oneCharacter:
                guard i < t.count, t[i] != UInt8(ascii: "/") else { return false }
                p += 1; i += 1
            case .star:
                var j = i
                while true {
                    if match(p + 1, t, j) { return true }
                    guard j < t.count, t[j] != UInt8(ascii: "/") else { return false }
                    j += 1
                }
            case .globstar:
                for j in i...t.count where match(p + 1, t, j) { return true }
                return false
            case .directories:
                if match(p + 1, t, i) { return true }
                for j in i..<t.count where t[j] == UInt8(ascii: "/") && match(p + 1, t, j + 1) { return true }
                return false
            }
        }
        return i == t.count
    }
}
