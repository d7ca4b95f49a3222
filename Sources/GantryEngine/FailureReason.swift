/// Why a job failed: GitLab's `failure_reason` values, the ones `retry:when` accepts.
public enum FailureReason: String, Sendable, Codable, CaseIterable {
    case unknownFailure = "unknown_failure"
    case scriptFailure = "script_failure"
    case apiFailure = "api_failure"
    case stuckOrTimeoutFailure = "stuck_or_timeout_failure"
    case runnerSystemFailure = "runner_system_failure"
    case missingDependencyFailure = "missing_dependency_failure"
    case runnerUnsupported = "runner_unsupported"
    case staleSchedule = "stale_schedule"
    case jobExecutionTimeout = "job_execution_timeout"
    case archivedFailure = "archived_failure"
    case unmetPrerequisites = "unmet_prerequisites"
    case schedulerFailure = "scheduler_failure"
    case dataIntegrityFailure = "data_integrity_failure"
    case forwardDeploymentFailure = "forward_deployment_failure"
    case userBlocked = "user_blocked"
    case projectDeleted = "project_deleted"
    case ciQuotaExceeded = "ci_quota_exceeded"
    case pipelineLoopDetected = "pipeline_loop_detected"
    case noMatchingRunner = "no_matching_runner"
    case traceSizeExceeded = "trace_size_exceeded"
    case buildsDisabled = "builds_disabled"
    case environmentCreationFailure = "environment_creation_failure"
    case deploymentRejected = "deployment_rejected"
    case failedOutdatedDeploymentJob = "failed_outdated_deployment_job"
    case jobExecutionServerTimeout = "job_execution_server_timeout"
    case stuckPendingWithMatchingRunners = "stuck_pending_with_matching_runners"
    case stuckPendingNoMatchingRunners = "stuck_pending_no_matching_runners"
    case noUpdatesRunning = "no_updates_running"
    case noUpdatesCanceling = "no_updates_canceling"
    case serverTimeoutRunning = "server_timeout_running"
    case serverTimeoutCanceling = "server_timeout_canceling"
    case runnerConfigurationError = "runner_configuration_error"
    case runnerExternalDependencyFailure = "runner_external_dependency_failure"
    case runnerInterrupted = "runner_interrupted"
    /// GitLab Runner's reason for a job whose image could not be pulled (docker executor).
    case imagePullFailure = "image_pull_failure"
    case protectedEnvironmentFailure = "protected_environment_failure"
    case insufficientBridgePermissions = "insufficient_bridge_permissions"
    case downstreamBridgeProjectNotFound = "downstream_bridge_project_not_found"
    case invalidBridgeTrigger = "invalid_bridge_trigger"
    case upstreamBridgeProjectNotFound = "upstream_bridge_project_not_found"
    case insufficientUpstreamPermissions = "insufficient_upstream_permissions"
    case bridgePipelineIsChildPipeline = "bridge_pipeline_is_child_pipeline"
    case downstreamPipelineCreationFailed = "downstream_pipeline_creation_failed"
    case secretsProviderNotFound = "secrets_provider_not_found"
    case reachedMaxDescendantPipelinesDepth = "reached_max_descendant_pipelines_depth"
    case ipRestrictionFailure = "ip_restriction_failure"
    case reachedMaxPipelineHierarchySize = "reached_max_pipeline_hierarchy_size"
    case reachedDownstreamPipelineTriggerRateLimit = "reached_downstream_pipeline_trigger_rate_limit"
    case duoWorkflowNotAllowed = "duo_workflow_not_allowed"
    case jobRouterFailure = "job_router_failure"
    case jobTokenExpired = "job_token_expired"
    case idTokenBurnedProjectPath = "id_token_burned_project_path"
    case downstreamProjectTriggerResolvedToEmpty = "downstream_project_trigger_resolved_to_empty"

    /// The newer, specific reasons a deprecated `retry:when` value still stands for
    /// (`stuck_or_timeout_failure`, `job_execution_timeout`, GitLab 19.1).
    var retryAliases: [String] {
        switch self {
        case .stuckPendingWithMatchingRunners, .stuckPendingNoMatchingRunners, .noUpdatesRunning, .noUpdatesCanceling:
            return [FailureReason.stuckOrTimeoutFailure.rawValue]
        case .serverTimeoutRunning, .serverTimeoutCanceling:
            return [FailureReason.jobExecutionTimeout.rawValue]
        default:
            return []
        }
    }
}
