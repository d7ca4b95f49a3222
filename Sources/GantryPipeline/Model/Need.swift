import GantryYAML

/// One entry of `needs:`: a job of this pipeline whose finish (and artifacts) this job waits for.
public struct Need: Sendable, Equatable {
    public var job: String
    public var artifacts: Bool
    public var optional: Bool
    /// `parallel: matrix:` selecting instances of a matrix job.
    public var matrix: [[(String, String)]]?
    public var mark: SourceMark

    public static func == (a: Need, b: Need) -> Bool {
        a.job == b.job && a.artifacts == b.artifacts && a.optional == b.optional && a.mark == b.mark
            && a.matrix?.map { $0.map { "\($0.0)=\($0.1)" } } == b.matrix?.map { $0.map { "\($0.0)=\($0.1)" } }
    }

    /// nil when the job has no `needs:` (it follows stage order); `[]` for `needs: []`.
    /// Cross-project and parent-pipeline needs (`project:`, `pipeline:`) are not jobs of this pipeline.
    public static func list(from node: Node?) -> [Need]? {
        guard let node, !node.isNull else { return nil }
        let items = node.sequence ?? [node]
        return items.compactMap { item in
            if let name = item.string {
                return Need(job: name, artifacts: true, optional: false, matrix: nil, mark: item.mark)
            }
            guard let map = item.mapping, let name = map["job"]?.string, !CrossNeed.isCrossNeed(map) else { return nil }
            var artifacts = true, optional = false
            if case .bool(let b) = map["artifacts"]?.scalar?.value { artifacts = b }
            if case .bool(let b) = map["optional"]?.scalar?.value { optional = b }
            let matrix = map["parallel"]?.mapping?["matrix"].map(MatrixExpansion.combinations(of:))
            return Need(job: name, artifacts: artifacts, optional: optional, matrix: matrix, mark: item.mark)
        }
    }
}
