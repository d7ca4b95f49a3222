/// What a pipeline is being planned for: the ref, how it was started, and the project around it.
public struct PlanContext: Sendable {
    public enum RefKind: String, Sendable { case branch, tag }

    public var ref: String
    public var refKind: RefKind
    /// `CI_PIPELINE_SOURCE`: push, web, api, schedule, trigger, merge_request_event, pipeline, ...
    public var source: String
    public var defaultBranch: String
    /// `namespace/name` of the project (from the git remote, or the directory name).
    public var projectPath: String
    public var commitSHA: String
    public var commitMessage: String
    public var commitTitle: String { String(commitMessage.split(separator: "\n", omittingEmptySubsequences: false).first ?? "") }
    public var pipelineID: Int
    public var pipelineIID: Int
    public var projectID: Int
    public var serverURL: String
    /// `--variable K=V` and API/trigger variables: the highest precedence.
    public var pipelineVariables: [(String, String)]
    /// Project (and group) CI/CD variables from the server; below pipeline variables.
    public var projectVariables: [(String, String)]
    /// `CI_COMMIT_REF_PROTECTED`, and whether protected variables apply. By default the default
    /// branch is protected, as GitLab protects it in a new project; tags are not.
    public var refProtected: Bool

    public init(ref: String, refKind: RefKind = .branch, source: String = "push", defaultBranch: String = "main",
                projectPath: String = "local/project",
                commitSHA: String = String(repeating: "0", count: 40), commitMessage: String = "",
                pipelineID: Int = 1, pipelineIID: Int = 1, projectID: Int = 1, serverURL: String = "http://localhost",
                pipelineVariables: [(String, String)] = [], projectVariables: [(String, String)] = [],
                refProtected: Bool? = nil) {
        self.ref = ref
        self.refKind = refKind
        self.source = source
        self.defaultBranch = defaultBranch
        self.projectPath = projectPath
        self.commitSHA = commitSHA
        self.commitMessage = commitMessage
        self.pipelineID = pipelineID
        self.pipelineIID = pipelineIID
        self.projectID = projectID
        self.serverURL = serverURL
        self.pipelineVariables = pipelineVariables
        self.projectVariables = projectVariables
        self.refProtected = refProtected ?? (refKind == .branch && ref == defaultBranch)
    }

    public var isTag: Bool { refKind == .tag }
    public var isMergeRequest: Bool { source == "merge_request_event" }
}
