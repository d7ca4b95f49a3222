/// "Did you mean" for a name that is not known: the same name with underscores, dashes or case
/// lost (`beforescript`), else the closest by Damerau-Levenshtein distance (a typo, a swapped
/// pair: `scirpt`, `artifact`, `.pyhton-job`), if it is close enough to be a slip. Shared by the
/// pipeline language (keys, jobs, stages) and the command line (options, commands).
public enum Suggestion {
    public static func closest<S: Sequence<String>>(to name: String, among candidates: S) -> String? {
        let folded = fold(name)
        var best: (String, Int)? = nil
        for candidate in candidates where candidate != name {
            if fold(candidate) == folded { return candidate }
            let limit = maxDistance(for: name)
            let d = distance(Array(name.lowercased().utf8), Array(candidate.lowercased().utf8), limit: limit)
            if d <= limit, d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        return best?.0
    }

    /// `; did you mean `x`?` or "".
    public static func phrase<S: Sequence<String>>(for name: String, among candidates: S) -> String {
        closest(to: name, among: candidates).map { "; did you mean `\($0)`?" } ?? ""
    }

    private static func fold(_ s: String) -> String { s.lowercased().filter { $0 != "_" && $0 != "-" } }

    /// One slip, two in a long name (`image` is not a slip of `stage`).
    private static func maxDistance(for name: String) -> Int { name.count < 10 ? 1 : 2 }

    /// Optimal string alignment distance, giving up (returning `limit + 1`) when the lengths alone
    /// rule a match out.
    private static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
