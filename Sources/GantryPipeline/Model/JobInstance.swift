import GantryYAML

/// One job of a pipeline after `parallel:` expansion: `test 2/3` or `test: [3.11, pg]`.
public struct JobInstance: Sendable {
    public var name: String
    public var job: JobConfig
    /// Variables a matrix combination sets for this instance.
    public var matrixVariables: [(String, String)]
    public var nodeIndex: Int
    public var nodeTotal: Int

    public var stage: String { job.stage }

    /// Expands a job into its instances (one for a job without `parallel:`).
    public static func expand(_ job: JobConfig) -> [JobInstance] {
        guard let parallel = job["parallel"] else {
            return [JobInstance(name: job.name, job: job, matrixVariables: [], nodeIndex: 1, nodeTotal: 1)]
        }
        if case .int(let n) = parallel.scalar?.value, n > 1 {
            return (1...n).map {
                JobInstance(name: MatrixExpansion.name(job.name, index: $0, total: n), job: job,
                            matrixVariables: [], nodeIndex: $0, nodeTotal: n)
            }
        }
        if let matrix = parallel.mapping?["matrix"] {
            let combos = MatrixExpansion.combinations(of: matrix)
            return combos.enumerated().map { i, values in
                JobInstance(name: MatrixExpansion.name(job.name, values: values), job: job,
                            matrixVariables: values, nodeIndex: i + 1, nodeTotal: combos.count)
            }
        }
        return [JobInstance(name: job.name, job: job, matrixVariables: [], nodeIndex: 1, nodeTotal: 1)]
    }
}
