import GantryYAML

/// `parallel:` expansion with GitLab's names: `job 1/3` for a count, `job: [a, b]` for a matrix.
public enum MatrixExpansion {
    /// Every variable combination of a `matrix:` list, in GitLab's order (each hash in turn, the
    /// first variable varying slowest).
    public static func combinations(of matrix: Node) -> [[(String, String)]] {
        var result: [[(String, String)]] = []
        for row in matrix.sequence ?? [] {
            guard let map = row.mapping else { continue }
            var partial: [[(String, String)]] = [[]]
            for entry in map.entries {
                let values = (entry.value.sequence ?? [entry.value]).compactMap { $0.scalar?.value.asString }
                partial = partial.flatMap { prefix in values.map { prefix + [(entry.key, $0)] } }
            }
            result.append(contentsOf: partial)
        }
        return result
    }

    public static func name(_ base: String, values: [(String, String)]) -> String {
        "\(base): [\(values.map(\.1).joined(separator: ", "))]"
    }

    public static func name(_ base: String, index: Int, total: Int) -> String {
        "\(base) \(index)/\(total)"
    }
}
