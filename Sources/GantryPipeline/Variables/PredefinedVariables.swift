/// GitLab's predefined variables, by when GitLab makes them available ("Predefined CI/CD variables
/// reference", column Availability): pre-pipeline and pipeline ones are known while the pipeline
/// is created and `rules:` see them; job-only ones (CI_JOB_ID, CI_PIPELINE_ID, CI_JOB_TOKEN ...)
/// are added when a runner takes the job, and the runner adds those that depend on where the job
/// runs (CI_PROJECT_DIR, CI_BUILDS_DIR, CI_CONCURRENT_ID). Every value is literal.
public enum PredefinedVariables {
    /// Pre-pipeline and pipeline variables of the whole pipeline.
    public static func forPipeline(_ c: PlanContext) -> [(String, String)] {
        let namespace = c.projectPath.split(separator: "/").dropLast().joined(separator: "/")
        let name = String(c.projectPath.split(separator: "/").last ?? Substring(c.projectPath))
        let server = c.serverURL.hasSuffix("/") ? String(c.serverURL.dropLast()) : c.serverURL
        var v: [(String, String)] = [
            ("CI", "true"),
            ("GITLAB_CI", "true"),
            ("CI_SERVER_URL", server),
            ("CI_SERVER_FQDN", ServerAddress(server).fqdn),
            ("CI_SERVER_HOST", ServerAddress(server).host),
            ("CI_SERVER_PORT", ServerAddress(server).port),
            ("CI_SERVER_PROTOCOL", ServerAddress(server).scheme),
            ("CI_SERVER_SHELL_SSH_HOST", ServerAddress(server).host),
            ("CI_SERVER_NAME", "GitLab"),
            ("CI_API_V4_URL", server + "/api/v4"),
            ("CI_PIPELINE_IID", String(c.pipelineIID)),
            ("CI_PIPELINE_SOURCE", c.source),
            ("CI_COMMIT_SHA", c.commitSHA),
            ("CI_COMMIT_SHORT_SHA", String(c.commitSHA.prefix(8))),
            ("CI_COMMIT_REF_NAME", c.ref),
            ("CI_COMMIT_REF_SLUG", slug(c.ref)),
            ("CI_COMMIT_REF_PROTECTED", c.refProtected ? "true" : "false"),
            ("CI_COMMIT_MESSAGE", c.commitMessage),
            ("CI_COMMIT_TITLE", c.commitTitle),
            ("CI_DEFAULT_BRANCH", c.defaultBranch),
            ("CI_PROJECT_ID", String(c.projectID)),
            ("CI_PROJECT_NAME", name),
            ("CI_PROJECT_PATH", c.projectPath),
            ("CI_PROJECT_PATH_SLUG", slug(c.projectPath)),
            ("CI_PROJECT_NAMESPACE", namespace),
            ("CI_PROJECT_ROOT_NAMESPACE", String(c.projectPath.split(separator: "/").first ?? "")),
            ("CI_PROJECT_URL", server + "/" + c.projectPath),
        ]
        // GitLab sets exactly one of these, never both.
        if c.isTag {
            v.append(("CI_COMMIT_TAG", c.ref))
            v.append(("CI_COMMIT_TAG_MESSAGE", c.commitMessage))
        } else if !c.isMergeRequest {
            v.append(("CI_COMMIT_BRANCH", c.ref))
        }
        if c.isMergeRequest {
            v.append(("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", c.ref))
            v.append(("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", c.defaultBranch))
        }
        return v
    }

    /// What `include:` paths and rules see (GitLab's Mapper::VariablesExpander): predefined, project
    /// and group CI/CD variables, then pipeline variables over them.
    public static func forIncludes(_ c: PlanContext) -> [String: String] {
        Dictionary(forPipeline(c) + c.projectVariables + c.pipelineVariables, uniquingKeysWith: { $1 })
    }

    /// Pipeline variables of one job, which its `rules:` see too.
    public static func forJob(_ instance: JobInstance) -> [(String, String)] {
        let name = instance.name
        var v: [(String, String)] = [
            ("CI_JOB_NAME", name),
            ("CI_JOB_NAME_SLUG", slug(name)),
            ("CI_JOB_GROUP_NAME", instance.job.name),
            ("CI_JOB_STAGE", instance.job.stage),
            ("CI_NODE_TOTAL", String(instance.nodeTotal)),
        ]
        if instance.nodeTotal > 1 {
            v.append(("CI_NODE_INDEX", String(instance.nodeIndex)))
        }
        return v
    }

    /// Job-only variables of the pipeline, for the job's environment (never for `rules:`).
    public static func jobOnly(_ c: PlanContext) -> [(String, String)] {
        [("CI_PIPELINE_ID", String(c.pipelineID))]
    }

    /// The image a job names (`image: x` or `image: {name: x}`), as written.
    public static func imageName(_ job: JobConfig) -> String? {
        guard let image = job["image"] else { return nil }
        return image.string ?? image.mapping?["name"]?.string
    }

    /// `CI_COMMIT_REF_SLUG`: lower case, anything but a-z and 0-9 replaced by `-`, at most 63
    /// bytes, no `-` at either end.
    public static func slug(_ ref: String) -> String {
        var out = ""
        for ch in ref.lowercased().unicodeScalars {
            let isAlnum = (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9")
            out.unicodeScalars.append(isAlnum ? ch : "-")
        }
        out = String(out.prefix(63))
        while out.hasPrefix("-") { out.removeFirst() }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }
}
