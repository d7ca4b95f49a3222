import Foundation

/// What `gantry runner register` writes and `gantry runner run` reads: the server, the runner's
/// own token (not the registration token), its tags and where it works.
public struct RunnerConfig: Codable, Sendable {
    public var url: String
    public var id: Int
    public var token: String
    public var description: String
    public var tags: [String]
    public var executor: String
    /// Builds, caches and logs of this runner.
    public var workDirectory: String

    public init(url: String, id: Int, token: String, description: String, tags: [String], executor: String, workDirectory: String) {
        self.url = url
        self.id = id
        self.token = token
        self.description = description
        self.tags = tags
        self.executor = executor
        self.workDirectory = workDirectory
    }

    enum CodingKeys: String, CodingKey {
        case url, id, token, description, tags, executor
        case workDirectory = "work_directory"
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
