import GantryYAML

/// A whole `.gitlab-ci.yml` after loading: includes merged, extends and `!reference` resolved,
/// `default:` applied to jobs, validated.
public struct PipelineConfig: Sendable {
    public static let defaultStages = [".pre", "build", "test", "deploy", ".post"]
    /// Keys `default:` may hold (and that jobs inherit from it).
    public static let defaultKeys = ["image", "services", "before_script", "after_script", "cache", "artifacts",
                                     "retry", "timeout", "interruptible", "tags", "id_tokens", "hooks"]
    /// Deprecated top-level keys that act as `default:` entries.
    public static let deprecatedGlobals = ["image", "services", "cache", "before_script", "after_script"]

    /// Stages with `.pre` first and `.post` last, as GitLab injects them.
    public var stages: [String]
    public var variables: [VariableDefinition]
    public var workflow: Node?
    public var jobs: [JobConfig]
    /// The resolved top-level keys other than jobs (for `gantry config`).
    public var globals: Mapping

    public var variablesNode: Node? { globals["variables"] }

    public func job(named name: String) -> JobConfig? { jobs.first { $0.name == name } }

    /// All jobs with `parallel:` expanded, in definition order.
    public var instances: [JobInstance] { jobs.flatMap(JobInstance.expand) }
}
