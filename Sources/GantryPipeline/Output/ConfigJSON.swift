import GantryYAML

/// `gantry config`: the merged configuration as GitLab shows it, jobs keyed by name.
public enum ConfigJSON {
    /// Keys that only steer loading; once applied they say nothing about the job.
    static let loaderKeys: Set<String> = ["extends"]

    public static func render(_ config: PipelineConfig) -> JSONValue {
        var jobs: [(String, JSONValue)] = []
        for job in config.jobs {
            guard let map = job.node.mapping else { continue }
            var pairs: [(String, JSONValue)] = []
            for entry in map.entries where !loaderKeys.contains(entry.key) {
                if ["script", "before_script", "after_script"].contains(entry.key), entry.value.sequence != nil {
                    pairs.append((entry.key, .array(entry.value.flattenedSequence().map(JSONValue.init))))
                } else {
                    pairs.append((entry.key, JSONValue(entry.value)))
                }
            }
            if map["stage"] == nil { pairs.insert(("stage", .string(job.stage)), at: 0) }
            jobs.append((job.name, .object(pairs)))
        }
        return .object([
            ("stages", .array(config.stages.map(JSONValue.string))),
            ("variables", config.variablesNode.map(JSONValue.init) ?? .object([])),
            ("workflow", config.workflow.map(JSONValue.init) ?? .null),
            ("jobs", .object(jobs)),
        ])
    }
}
