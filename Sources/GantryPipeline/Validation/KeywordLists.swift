/// The keyword and value lists of GitLab's config entries (`lib/gitlab/ci/config/entry/*.rb`, CE and EE).
enum KeywordLists {
    static let maxNestingLevel = 10

    /// `Processable::PROCESSABLE_ALLOWED_KEYS`, shared by script jobs and trigger jobs.
    static let processableKeys: Set<String> = [
        "extends", "stage", "only", "except", "rules", "variables", "inherit", "allow_failure", "when", "needs",
        "resource_group", "environment", "interruptible",
    ]

    /// `Job::ALLOWED_KEYS` plus the EE job keywords (`secrets`, `dast_configuration`, `identity`).
    static let jobOnlyKeys: Set<String> = [
        "tags", "script", "image", "services", "start_in", "artifacts", "cache", "dependencies", "before_script",
        "after_script", "hooks", "coverage", "retry", "parallel", "timeout", "inputs", "release", "id_tokens",
        "publish", "pages", "manual_confirmation", "run", "secrets", "dast_configuration", "identity",
    ]

    static let jobKeys: Set<String> = processableKeys.union(jobOnlyKeys)

    /// `Bridge::ALLOWED_KEYS` (trigger jobs).
    static let bridgeKeys: Set<String> = processableKeys.union(["trigger", "parallel", "inputs"])

    /// `Job::ALLOWED_WHEN`: `never` is only allowed inside `rules:`.
    static let jobWhen = ["on_success", "on_failure", "always", "manual", "delayed"]
    static let bridgeWhen = ["on_success", "on_failure", "always", "manual"]
    static let ruleWhen = ["on_success", "on_failure", "always", "never", "manual", "delayed"]
    static let workflowRuleWhen = ["always", "never"]
    static let includeRuleWhen = ["never", "always"]

    /// `allowed_keys` given to job rules and to workflow rules.
    static let jobRuleKeys: Set<String> = [
        "if", "changes", "exists", "when", "start_in", "allow_failure", "variables", "needs", "interruptible",
    ]
    static let workflowRuleKeys: Set<String> = [
        "if", "changes", "exists", "when", "start_in", "allow_failure", "variables", "needs", "auto_cancel",
    ]
    static let includeRuleKeys: Set<String> = ["if", "exists", "when", "changes"]

    /// `Default::ALLOWED_KEYS`; also the values `inherit:default:` may list.
    static let defaultKeys: Set<String> = [
        "before_script", "after_script", "hooks", "cache", "image", "services", "interruptible", "timeout", "retry",
        "tags", "artifacts", "id_tokens",
    ]

    static let artifactsKeys: Set<String> = [
        "name", "untracked", "paths", "reports", "when", "expire_in", "expose_as", "exclude", "public", "access",
    ]
    static let artifactsWhen = ["on_success", "on_failure", "always"]
    static let artifactsAccess = ["none", "developer", "maintainer", "all"]
    static let exposeAsMaxLength = 100

    /// `Reports::ALLOWED_KEYS`.
    static let reportKeys: [String] = [
        "junit", "codequality", "sast", "secret_detection", "dependency_scanning", "container_scanning", "dast",
        "performance", "browser_performance", "load_performance", "license_scanning", "metrics", "lsif", "dotenv",
        "terraform", "accessibility", "coverage_fuzzing", "api_fuzzing", "cluster_image_scanning", "requirements",
        "requirements_v2", "coverage_report", "cyclonedx", "annotations", "repository_xray", "sarif",
    ]
    static let coverageFormats = ["cobertura", "jacoco"]

    static let cacheKeys: Set<String> = ["key", "untracked", "paths", "when", "policy", "unprotect", "fallback_keys"]
    static let cacheWhen = ["on_success", "on_failure", "always"]
    static let cacheLimit = 4
    static let fallbackKeysLimit = 5
    static let cacheKeyKeys: Set<String> = ["files", "files_commits", "prefix"]

    /// `Imageable::IMAGEABLE_ALLOWED_KEYS` and `Service::ALLOWED_KEYS`.
    static let imageKeys: Set<String> = ["docker", "name", "entrypoint", "ports", "pull_policy"]
    static let serviceKeys: Set<String> = imageKeys.union(["command", "alias", "variables"])
    static let pullPolicies = ["always", "never", "if-not-present"]
    static let dockerOptionKeys: Set<String> = ["platform", "user"]

    /// `retry:when`: `Enums::Ci::CommitStatus.failure_reasons` plus `always`.
    static let retryWhen: Set<String> = [
        "always", "unknown_failure", "script_failure", "api_failure", "stuck_or_timeout_failure",
        "runner_system_failure", "missing_dependency_failure", "runner_unsupported", "stale_schedule",
        "job_execution_timeout", "archived_failure", "unmet_prerequisites", "scheduler_failure",
        "data_integrity_failure", "forward_deployment_failure", "user_blocked", "project_deleted",
        "ci_quota_exceeded", "pipeline_loop_detected", "no_matching_runner", "trace_size_exceeded",
        "builds_disabled", "environment_creation_failure", "deployment_rejected", "failed_outdated_deployment_job",
        "job_execution_server_timeout", "stuck_pending_with_matching_runners", "stuck_pending_no_matching_runners",
        "no_updates_running", "no_updates_canceling", "server_timeout_running", "server_timeout_canceling",
        "runner_configuration_error", "runner_external_dependency_failure", "runner_interrupted",
        "protected_environment_failure", "insufficient_bridge_permissions", "downstream_bridge_project_not_found",
        "invalid_bridge_trigger", "upstream_bridge_project_not_found", "insufficient_upstream_permissions",
        "bridge_pipeline_is_child_pipeline", "downstream_pipeline_creation_failed", "secrets_provider_not_found",
        "reached_max_descendant_pipelines_depth", "ip_restriction_failure", "reached_max_pipeline_hierarchy_size",
        "reached_downstream_pipeline_trigger_rate_limit", "duo_workflow_not_allowed", "job_router_failure",
        "job_token_expired", "id_token_burned_project_path", "downstream_project_trigger_resolved_to_empty",
    ]
    static let retryMax = 2

    static let parallelLimit = 200
    static let needsLimit = 50
    /// `cache:key:files` (and `files_commits`): `Entry::Files` allows 10 paths since GitLab raised the
    /// limit from 2 (`increase_ci_cache_key_files_limit`, GitLab MR 257060).
    static let cacheKeyFilesLimit = 10
    static let tagsLimit = 50

    static let environmentKeys: Set<String> = [
        "name", "url", "action", "on_stop", "auto_stop_in", "kubernetes", "deployment_tier",
    ]
    static let environmentActions = ["start", "stop", "prepare", "verify", "access"]
    static let deploymentTiers = ["production", "staging", "testing", "development", "other"]
    static let kubernetesKeys: Set<String> = ["namespace", "agent", "flux_resource_path", "managed_resources", "dashboard"]

    static let releaseKeys: Set<String> = [
        "tag_name", "tag_message", "name", "description", "ref", "released_at", "milestones", "assets",
    ]

    static let crossProjectTriggerKeys: Set<String> = ["project", "branch", "strategy", "forward", "inputs"]
    static let sameProjectTriggerKeys: Set<String> = ["strategy", "include", "forward", "inputs"]
    static let triggerStrategies = ["depend", "mirror"]
    static let triggerForwardKeys: Set<String> = ["yaml_variables", "pipeline_variables"]
    static let triggerIncludeLimit = 3

    static let hookKeys: Set<String> = ["pre_get_sources_script"]
    static let pagesKeys: Set<String> = ["path_prefix", "expire_in", "publish"]

    /// Secrets providers (EE `Entry::Secret`).
    static let secretKeys: Set<String> = [
        "vault", "file", "azure_key_vault", "gcp_secret_manager", "akeyless", "gitlab_secrets_manager", "token",
    ]
    static let secretProviders = ["vault", "azure_key_vault", "gcp_secret_manager", "akeyless", "gitlab_secrets_manager"]
    static let dastConfigurationKeys: Set<String> = ["site_profile", "scanner_profile"]
    static let identities = ["google_cloud"]

    static let policyKeys: Set<String> = ["refs", "kubernetes", "variables", "changes"]

    /// Variable data keys allowed at the top level and in jobs (`allowed_value_data`).
    static let globalVariableData: Set<String> = ["value", "description", "expand", "options"]
    static let jobVariableData: Set<String> = ["value", "expand"]

    static let workflowKeys: Set<String> = ["rules", "name", "auto_cancel"]
    static let autoCancelKeys: Set<String> = ["on_new_commit", "on_job_failure"]
    static let autoCancelOnNewCommit = ["conservative", "interruptible", "none"]
    static let autoCancelOnJobFailure = ["none", "all"]

    /// `Include::ALLOWED_KEYS` and the file kinds the include mapper tells apart.
    static let includeKeys: Set<String> = [
        "local", "file", "remote", "project", "ref", "integrity", "cache", "template", "artifact", "inputs", "job",
        "rules", "component",
    ]
    static let includeKinds = ["local", "project", "remote", "template", "artifact", "component"]
}
