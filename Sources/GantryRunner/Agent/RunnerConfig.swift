import Foundation
import GantryExecution
import GantryRunnerProtocol

/// What `gantry runner register` writes and `gantry runner run` reads: the server, the runner's
/// own token (not the registration token), its tags, its executor and where it works.
public struct RunnerConfig: Codable, Sendable {
    public var url: String
    public var id: Int
    public var token: String
    public var description: String
    public var tags: [String]
    /// `shell` or `docker`.
    public var executor: String
    /// The docker executor's image for jobs without `image:` (`--docker-image`).
    public var dockerImage: String?
    /// The docker executor's engine (`--docker-host`); nil: `DOCKER_HOST`, else the usual sockets.
    public var dockerHost: String?
    /// Bind mounts of every job container, `HOST:CONTAINER[:ro]` (`--docker-volume`, GitLab's `volumes`).
    public var dockerVolumes: [String]?
    /// Builds, caches and logs of this runner.
    public var workDirectory: String

    public init(url: String, id: Int, token: String, description: String, tags: [String], executor: String,
                dockerImage: String? = nil, dockerHost: String? = nil, dockerVolumes: [String]? = nil, workDirectory: String) {
        self.url = url
        self.id = id
        self.token = token
        self.description = description
        self.tags = tags
        self.executor = executor
        self.dockerImage = dockerImage
        self.dockerHost = dockerHost
        self.dockerVolumes = dockerVolumes
        self.workDirectory = workDirectory
    }

    enum CodingKeys: String, CodingKey {
        case url, id, token, description, tags, executor
        case workDirectory = "work_directory", dockerImage = "docker_image", dockerHost = "docker_host"
        case dockerVolumes = "docker_volumes"
    }

    /// What the runner tells the server of itself, its executor included (as GitLab's runner does).
    public var info: VersionInfo { RunnerConfig.info(executor: executor) }

    public static func info(executor: String) -> VersionInfo {
        var info = VersionInfo.gantry
        info.executor = executor
        return info
    }

    /// The executor for one job (each job's own, so a cancel ends only that job); Docker's throws
    /// `DockerError.unreachable` naming the socket when no engine answers.
    public func makeExecutor() throws -> any JobExecutor {
        // A hand-edited configuration is held to what register accepts.
        if let bad = (dockerVolumes ?? []).first(where: { !DockerExecutor.isVolume($0) }) {
            throw RunnerAPIClient.Failure(description: "docker_volumes: '\(bad)' is not HOST:CONTAINER or HOST:CONTAINER:ro with absolute paths")
        }
        return try ExecutorChoice.resolve(ExecutorChoice.Kind(rawValue: executor) ?? .shell, dockerHost: dockerHost,
                                   defaultImage: dockerImage, defaultImageOrigin: "the runner's --docker-image",
                                   volumes: dockerVolumes ?? []).executor
    }

    public static func load(_ file: URL) throws -> RunnerConfig {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw RunnerAPIClient.Failure(description: "no runner configuration at \(file.path): run `gantry runner register` first")
        }
        do {
            return try JSONDecoder().decode(RunnerConfig.self, from: data)
        } catch {
            throw RunnerAPIClient.Failure(description: "\(file.path): not a runner configuration: \(error)")
        }
    }

    /// Written readable by its owner only: it holds the runner's token.
    public func save(_ file: URL) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: file, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    }
}
