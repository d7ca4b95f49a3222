import Foundation

/// The claims of a CI job's ID token, as GitLab's `Gitlab::Ci::JwtV2` writes them (`id_tokens:`):
/// ids as strings except `runner_id`, booleans as `"true"`/`"false"`, `aud` a string or a list as
/// the job wrote it, and the `environment*` claims only for a job with an environment. Built by
/// whoever runs jobs (the server, `gantry run`), read back by whoever checks a token (the CA).
public struct IDTokenClaims: Codable, Sendable, Equatable {
    /// `aud` exactly as written in `id_tokens:`: one string, or a list.
    public enum Audience: Codable, Sendable, Equatable {
        case one(String)
        case many([String])

        public var values: [String] {
            switch self {
            case .one(let a): [a]
            case .many(let list): list
            }
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let one = try? c.decode(String.self) { self = .one(one) } else { self = .many(try c.decode([String].self)) }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .one(let a): try c.encode(a)
            case .many(let list): try c.encode(list)
            }
        }
    }

    public var namespaceID: String
    public var namespacePath: String
    public var projectID: String
    public var projectPath: String
    public var userID: String
    public var userLogin: String?
    public var userEmail: String?
    public var userAccessLevel: String?
    public var pipelineID: String
    public var pipelineSource: String
    public var jobID: String
    public var ref: String
    public var refType: String
    public var refPath: String
    public var refProtected: String
    public var environment: String?
    public var environmentProtected: String?
    public var deploymentTier: String?
    public var environmentAction: String?
    public var runnerID: Int?
    public var runnerEnvironment: String?
    public var sha: String
    public var projectVisibility: String
    public var ciConfigRefURI: String
    public var ciConfigSHA: String
    public var jti: String
    public var iss: String
    public var iat: Int
    public var nbf: Int
    public var exp: Int
    public var sub: String
    public var aud: Audience

    public init(namespaceID: String, namespacePath: String, projectID: String, projectPath: String, userID: String,
                userLogin: String? = nil, userEmail: String? = nil, userAccessLevel: String? = nil, pipelineID: String,
                pipelineSource: String, jobID: String, ref: String, refType: String, refPath: String, refProtected: String,
                environment: String? = nil, environmentProtected: String? = nil, deploymentTier: String? = nil,
                environmentAction: String? = nil, runnerID: Int? = nil, runnerEnvironment: String? = nil, sha: String,
                projectVisibility: String, ciConfigRefURI: String, ciConfigSHA: String, jti: String, iss: String, iat: Int,
                nbf: Int, exp: Int, sub: String, aud: Audience) {
        self.namespaceID = namespaceID
        self.namespacePath = namespacePath
        self.projectID = projectID
        self.projectPath = projectPath
        self.userID = userID
        self.userLogin = userLogin
        self.userEmail = userEmail
        self.userAccessLevel = userAccessLevel
        self.pipelineID = pipelineID
        self.pipelineSource = pipelineSource
        self.jobID = jobID
        self.ref = ref
        self.refType = refType
        self.refPath = refPath
        self.refProtected = refProtected
        self.environment = environment
        self.environmentProtected = environmentProtected
        self.deploymentTier = deploymentTier
        self.environmentAction = environmentAction
        self.runnerID = runnerID
        self.runnerEnvironment = runnerEnvironment
        self.sha = sha
        self.projectVisibility = projectVisibility
        self.ciConfigRefURI = ciConfigRefURI
        self.ciConfigSHA = ciConfigSHA
        self.jti = jti
        self.iss = iss
        self.iat = iat
        self.nbf = nbf
        self.exp = exp
        self.sub = sub
        self.aud = aud
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case namespaceID = "namespace_id", namespacePath = "namespace_path", projectID = "project_id", projectPath = "project_path"
        case userID = "user_id", userLogin = "user_login", userEmail = "user_email", userAccessLevel = "user_access_level"
        case pipelineID = "pipeline_id", pipelineSource = "pipeline_source", jobID = "job_id"
        case ref, refType = "ref_type", refPath = "ref_path", refProtected = "ref_protected"
        case environment, environmentProtected = "environment_protected", deploymentTier = "deployment_tier"
        case environmentAction = "environment_action"
        case runnerID = "runner_id", runnerEnvironment = "runner_environment", sha, projectVisibility = "project_visibility"
        case ciConfigRefURI = "ci_config_ref_uri", ciConfigSHA = "ci_config_sha"
        case jti, iss, iat, nbf, exp, sub, aud
    }

    /// Every claim's name, for an issuer's `claims_supported`.
    public static var claimNames: [String] { CodingKeys.allCases.map(\.rawValue) }

    /// The JSON payload of a token.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
