import GantrySuggestion
import GantryYAML

/// `extends:` as GitLab resolves it: every base (itself extended first) is deep-merged in order,
/// then the entry's own keys over them. At most 10 ancestors along a chain; cycles are errors.
struct ExtendsResolver {
    static let maxNestingLevels = 10
    /// Mapping entries all merges together may copy: each job that extends a base copies the
    /// base's keys, so 40,000 jobs extending one base of 40,000 keys (1.3 MB) would copy 1.6e9.
    /// 20,000 jobs of 50 keys each stay within it.
    static let maxMergedEntries = 1_000_000

    private var root: Mapping
    private var done: Set<String> = []
    private var failed: Set<String> = []
    private var heights: [String: Int] = [:]
    private var cost = 0
    var diagnostics = Diagnostics()

    init(root: Mapping) { self.root = root }

    mutating func resolve() -> Mapping {
        for key in root.keys where root[key]?.mapping?["extends"] != nil {
            extend(key, ancestors: [])
            if cost > Self.maxMergedEntries { break }
        }
        return root
    }

    /// Links in the longest `extends` chain below a key, whatever order keys are resolved in
    /// (GitLab counts ancestors along the chain; a base resolved earlier must not hide them).
    private mutating func height(_ key: String, visiting: Set<String>) -> Int {
        if let h = heights[key] { return h }
        guard !visiting.contains(key), let node = root[key]?.mapping?["extends"] else { return 0 }
        let bases = (node.sequence ?? [node]).compactMap(\.string)
        let h = 1 + (bases.map { height($0, visiting: visiting.union([key])) }.max() ?? 0)
        heights[key] = h
        return h
    }

    @discardableResult
    private mutating func extend(_ key: String, ancestors: [String]) -> Bool {
        if done.contains(key) { return true }
        if failed.contains(key) { return false }
        guard let value = root[key], let map = value.mapping, let extendsNode = map["extends"] else {
            done.insert(key)
            return true
        }
        let bases = (extendsNode.sequence ?? [extendsNode]).compactMap(\.string)
        let unknown = bases.filter { root[$0] == nil }
        let invalid = bases.filter { root[$0] != nil && root[$0]?.mapping == nil }
        var message: String? = nil
        if !unknown.isEmpty {
            let hidden = root.keys.filter { $0 != key }
            message = "\(key): unknown keys in `extends` (\(unknown.joined(separator: ", ")))" + Suggestion.phrase(for: unknown[0], among: hidden)
        } else if !invalid.isEmpty {
            message = "\(key): invalid base hashes in `extends` (\(invalid.joined(separator: ", ")))"
        } else if ancestors.count > Self.maxNestingLevels || height(key, visiting: []) > Self.maxNestingLevels + 1 {
            message = "\(key): nesting too deep in `extends`"
        } else if ancestors.contains(key) {
            message = "\(key): circular dependency detected in `extends`"
        }
        if let message {
            diagnostics.error(extendsNode.mark, message)
            failed.insert(key)
            return false
        }
        var merged = Node(.mapping(Mapping()), mark: value.mark)
        for base in bases {
            guard extend(base, ancestors: ancestors + [key]) else {
                failed.insert(key)
                return false
            }
            merged = merged.deepMerged(with: root[base]!, cost: &cost)
        }
        merged = merged.deepMerged(with: value, cost: &cost)
        if cost > Self.maxMergedEntries {
            // Reported once: every job after it stops at the loop in `resolve`.
            diagnostics.error(extendsNode.mark, "The parsed YAML is too big: \(key): `extends` copies more than \(Self.maxMergedEntries) keys in all")
            failed.insert(key)
            return false
        }
        merged.mark = value.mark
        let keyMark = root.entry(key)!.keyMark
        root[key, keyMark] = merged
        done.insert(key)
        return true
    }
}
