import GantryCommandLine

/// The options that choose a pipeline file and what a pipeline is for, declared once for `lint`,
/// `config`, `plan` and `run`.
enum PipelineOptions {
    static let file = Option.value("file", "F", help: "the pipeline file (default: .gitlab-ci.yml at the top of the git checkout)",
                                   completion: .file)

    /// What `PlanCommand.context` reads.
    static let context: [Option] = [
        file,
        .value("ref", "R", help: "plan for this branch (default: the branch checked out here)"),
        .value("tag", "T", help: "plan for this tag"),
        .value("source", "S", help: "CI_PIPELINE_SOURCE (default: push)",
               completion: .choices(["push", "web", "api", "schedule", "trigger", "merge_request_event", "pipeline"])),
        .value("default-branch", "B", help: "CI_DEFAULT_BRANCH (default: origin's HEAD, else init.defaultBranch, else main)"),
        .value("variable", "K=V", help: "a pipeline variable", repeatable: true),
    ] + IncludeOptions.options

    static let refOrTag = ["ref", "tag"]
}
