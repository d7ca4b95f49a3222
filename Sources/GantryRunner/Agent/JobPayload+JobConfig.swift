import GantryPipeline
import GantryRunnerProtocol
import GantryYAML

extension JobPayload {
    /// The payload as the keywords Gantry's executor reads (`script`, `after_script`, `timeout`,
    /// `cache`, `artifacts` with `reports`, `image`), so a job from a server runs through the same
    /// code as a job of `gantry run`.
    public var jobConfig: JobConfig {
        let mark = SourceMark.builtin("job \(id) payload")
        func str(_ s: String) -> Node { .string(s, mark: mark) }
        func bool(_ b: Bool) -> Node { Node(.scalar(Scalar(text: b ? "true" : "false", style: .plain)), mark: mark) }
        func list(_ items: [String]) -> Node { Node(.sequence(items.map(str)), mark: mark) }
        func map(_ pairs: [(String, Node)]) -> Node {
            Node(.mapping(Mapping(pairs.map { Mapping.Entry(key: $0.0, keyMark: mark, value: $0.1) })), mark: mark)
        }

        var keys: [(String, Node)] = []
        keys.append(("stage", str(jobInfo.stage)))
        keys.append(("script", list(steps.first { $0.name == "script" }?.script ?? [])))
        if let after = steps.first(where: { $0.name == "after_script" }), !after.script.isEmpty {
            keys.append(("after_script", list(after.script)))
        }
        keys.append(("timeout", str("\(runnerInfo.timeout)s")))
        if let image { keys.append(("image", str(image.name))) }

        if let caches = cache, !caches.isEmpty {
            keys.append(("cache", Node(.sequence(caches.map { c in
                map([("key", str(c.key)), ("paths", list(c.paths)), ("untracked", bool(c.untracked)),
                     ("policy", str(c.policy)), ("when", str(c.when)), ("fallback_keys", list(c.fallbackKeys))])
            }), mark: mark)))
        }

        var artifactKeys: [(String, Node)] = []
        var reports: [(String, Node)] = []
        for a in artifacts ?? [] {
            if a.artifactType == ArtifactUploadQuery.archiveType {
                artifactKeys += [("paths", list(a.paths)), ("exclude", list(a.exclude)), ("untracked", bool(a.untracked)),
                                 ("when", str(a.when))]
                if let name = a.name { artifactKeys.append(("name", str(name))) }
            } else {
                reports.append((a.artifactType, list(a.paths)))
            }
        }
        if !reports.isEmpty { artifactKeys.append(("reports", map(reports))) }
        if !artifactKeys.isEmpty { keys.append(("artifacts", map(artifactKeys))) }
        return JobConfig(name: jobInfo.name, nameMark: mark, node: map(keys))
    }

    /// The variables as the executor builds the job's environment from them, in the payload's
    /// order (later entries win); the runner expands those that are not `raw` with its own.
    public var jobVariables: [JobVariable] {
        variables.map { JobVariable(key: $0.key, value: $0.value, raw: $0.raw) }
            + [JobVariable(key: "CI_JOB_TOKEN", value: token, raw: true)]
    }

    /// Values that must never appear in the trace: masked variables and the job token.
    public var maskedValues: [String] {
        variables.filter(\.masked).map(\.value) + [token]
    }
}
