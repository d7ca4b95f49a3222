/// The job a server hands a runner (`POST /api/v4/jobs/request` → 201), in GitLab's shape
/// (`API::Entities::Ci::JobRequest::Response`), so that Gantry's runner can take jobs from GitLab
/// and GitLab's runner from Gantry. Field names are GitLab's, in snake case.
public struct JobPayload: Codable, Sendable {
    public var id: Int
    public var token: String
    public var allowGitFetch: Bool
    public var jobInfo: JobInfo
    public var gitInfo: GitInfo
    public var runnerInfo: RunnerInfo
    public var variables: [Variable]
    public var steps: [Step]
    public var image: Image?
    public var services: [Image]
    public var artifacts: [Artifact]?
    public var cache: [Cache]?
    public var dependencies: [Dependency]
    public var features: Features

    public init(id: Int, token: String, jobInfo: JobInfo, gitInfo: GitInfo, runnerInfo: RunnerInfo, variables: [Variable],
                steps: [Step], image: Image?, services: [Image], artifacts: [Artifact]?, cache: [Cache]?,
                dependencies: [Dependency]) {
        self.id = id
        self.token = token
        self.allowGitFetch = true
        self.jobInfo = jobInfo
        self.gitInfo = gitInfo
        self.runnerInfo = runnerInfo
        self.variables = variables
        self.steps = steps
        self.image = image
        self.services = services
        self.artifacts = artifacts
        self.cache = cache
        self.dependencies = dependencies
        self.features = Features(traceSections: true)
    }

    public struct JobInfo: Codable, Sendable {
        public var id: Int
        public var name: String
        public var stage: String
        public var projectID: Int
        public var projectName: String
        public init(id: Int, name: String, stage: String, projectID: Int, projectName: String) {
            self.id = id
            self.name = name
            self.stage = stage
            self.projectID = projectID
            self.projectName = projectName
        }
        enum CodingKeys: String, CodingKey {
            case id, name, stage
            case projectID = "project_id"
            case projectName = "project_name"
        }
    }

    public struct GitInfo: Codable, Sendable {
        public var repoURL: String
        public var ref: String
        public var sha: String
        public var beforeSHA: String
        /// "branch" or "tag".
        public var refType: String
        public var refspecs: [String]
        public var depth: Int
        public init(repoURL: String, ref: String, sha: String, beforeSHA: String, refType: String, refspecs: [String], depth: Int) {
            self.repoURL = repoURL
            self.ref = ref
            self.sha = sha
            self.beforeSHA = beforeSHA
            self.refType = refType
            self.refspecs = refspecs
            self.depth = depth
        }
        enum CodingKeys: String, CodingKey {
            case ref, sha, refspecs, depth
            case repoURL = "repo_url"
            case beforeSHA = "before_sha"
            case refType = "ref_type"
        }
    }

    public struct RunnerInfo: Codable, Sendable {
        /// The job's timeout in seconds.
        public var timeout: Int
        public init(timeout: Int) { self.timeout = timeout }
    }

    public struct Variable: Codable, Sendable, Equatable {
        public var key: String
        public var value: String
        public var `public`: Bool
        public var masked: Bool
        public var file: Bool
        public var raw: Bool
        public init(key: String, value: String, public: Bool = true, masked: Bool = false, file: Bool = false, raw: Bool = false) {
            self.key = key
            self.value = value
            self.public = `public`
            self.masked = masked
            self.file = file
            self.raw = raw
        }
    }

    public struct Step: Codable, Sendable {
        /// "script" (before_script and script together) or "after_script".
        public var name: String
        public var script: [String]
        public var timeout: Int
        public var when: String
        public var allowFailure: Bool
        public init(name: String, script: [String], timeout: Int, when: String, allowFailure: Bool) {
            self.name = name
            self.script = script
            self.timeout = timeout
            self.when = when
            self.allowFailure = allowFailure
        }
        enum CodingKeys: String, CodingKey {
            case name, script, timeout, when
            case allowFailure = "allow_failure"
        }
    }

    public struct Image: Codable, Sendable {
        public var name: String
        public var entrypoint: [String]?
        public init(name: String, entrypoint: [String]? = nil) {
            self.name = name
            self.entrypoint = entrypoint
        }
    }

    public struct Artifact: Codable, Sendable {
        public var name: String?
        public var untracked: Bool
        public var paths: [String]
        public var exclude: [String]
        public var when: String
        public var expireIn: String?
        /// "archive" for `paths`, or a report type ("junit", "dotenv", "coverage_report", ...).
        public var artifactType: String
        public var artifactFormat: String
        public init(name: String?, untracked: Bool, paths: [String], exclude: [String], when: String, expireIn: String?,
                    artifactType: String, artifactFormat: String) {
            self.name = name
            self.untracked = untracked
            self.paths = paths
            self.exclude = exclude
            self.when = when
            self.expireIn = expireIn
            self.artifactType = artifactType
            self.artifactFormat = artifactFormat
        }
        enum CodingKeys: String, CodingKey {
            case name, untracked, paths, exclude, when
            case expireIn = "expire_in"
            case artifactType = "artifact_type"
            case artifactFormat = "artifact_format"
        }
    }

    public struct Cache: Codable, Sendable {
        public var key: String
        public var untracked: Bool
        public var policy: String
        public var paths: [String]
        public var when: String
        public var fallbackKeys: [String]
        public init(key: String, untracked: Bool, policy: String, paths: [String], when: String, fallbackKeys: [String]) {
            self.key = key
            self.untracked = untracked
            self.policy = policy
            self.paths = paths
            self.when = when
            self.fallbackKeys = fallbackKeys
        }
        enum CodingKeys: String, CodingKey {
            case key, untracked, policy, paths, when
            case fallbackKeys = "fallback_keys"
        }
    }

    public struct Dependency: Codable, Sendable {
        public var id: Int
        public var name: String
        public var token: String
        public var artifactsFile: ArtifactsFile?
        public init(id: Int, name: String, token: String, artifactsFile: ArtifactsFile?) {
            self.id = id
            self.name = name
            self.token = token
            self.artifactsFile = artifactsFile
        }
        enum CodingKeys: String, CodingKey {
            case id, name, token
            case artifactsFile = "artifacts_file"
        }
    }

    public struct ArtifactsFile: Codable, Sendable {
        public var filename: String
        public var size: Int
        public init(filename: String, size: Int) {
            self.filename = filename
            self.size = size
        }
    }

    public struct Features: Codable, Sendable {
        public var traceSections: Bool
        enum CodingKeys: String, CodingKey { case traceSections = "trace_sections" }
    }

    enum CodingKeys: String, CodingKey {
        case id, token, variables, steps, image, services, artifacts, cache, dependencies, features
        case allowGitFetch = "allow_git_fetch"
        case jobInfo = "job_info"
        case gitInfo = "git_info"
        case runnerInfo = "runner_info"
    }
}
