import GantryYAML

/// A need on a job of another pipeline: `{pipeline: ID, job: name}` (a parent or other pipeline
/// of this project) or `{project: path, job: name, ref: branch}` (the latest successful pipeline
/// of that project and ref). It does not order jobs of this pipeline; it names artifacts to
/// download before the job starts (`artifacts: true`, the default).
public struct CrossNeed: Sendable, Equatable {
    public var job: String
    /// Another project's path, for cross-project needs.
    public var project: String?
    public var ref: String?
    /// A pipeline ID (usually `$PARENT_PIPELINE_ID`), for cross-pipeline needs.
    public var pipeline: String?
    public var artifacts: Bool
    public var mark: SourceMark

    /// `build of project group/lib (ref main)`, `build of pipeline $PARENT_PIPELINE_ID`.
    public var description: String {
        if let project { return "\(job) of project \(project)" + (ref.map { " (ref \($0))" } ?? "") }
        return "\(job) of pipeline \(pipeline ?? "")"
    }

    /// `project:` or `pipeline:` make a need point outside this pipeline.
    static func isCrossNeed(_ map: Mapping) -> Bool { map["project"] != nil || map["pipeline"] != nil }

    /// The cross-pipeline and cross-project needs of a `needs:` list (those with a `job:`; a
    /// bare `{pipeline: ...}` is a trigger job's upstream status, not artifacts).
    public static func list(from node: Node?) -> [CrossNeed] {
        guard let node, !node.isNull else { return [] }
        return (node.sequence ?? [node]).compactMap { item in
            guard let map = item.mapping, isCrossNeed(map), let job = map["job"]?.string else { return nil }
            var artifacts = true
            if case .bool(let b) = map["artifacts"]?.scalar?.value { artifacts = b }
            return CrossNeed(job: job, project: map["project"]?.string, ref: map["ref"]?.string,
                             pipeline: map["pipeline"]?.scalar?.value.asString, artifacts: artifacts, mark: item.mark)
        }
    }
}
