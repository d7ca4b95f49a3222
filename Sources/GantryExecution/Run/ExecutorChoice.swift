import Foundation

/// Which executor runs jobs: the one asked for (`--executor docker|shell`), else Docker when a
/// container engine answers, else the shell; with the reason a run's header gives for it.
public struct ExecutorChoice: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case docker, shell
    }

    public let executor: any JobExecutor
    public let reason: String

    /// `dockerHost`: `--docker-host`, over `DOCKER_HOST` and the usual sockets; `pullPolicies`:
    /// `--pull-policy`, over every job's; `defaultImage` (named by `defaultImageOrigin`) for jobs
    /// without `image:`; `volumes`: `--docker-volume` binds. Asking for Docker when no engine
    /// answers throws `DockerError.unreachable`, naming the endpoint.
    public static func resolve(_ requested: Kind?, dockerHost: String? = nil, defaultImage: String? = nil,
                               defaultImageOrigin: String? = nil, pullPolicies: [String]? = nil, volumes: [String] = [],
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ExecutorChoice {
        if requested == .shell {
            return ExecutorChoice(executor: ShellExecutor(), reason: "shell executor, as asked")
        }
        let endpoint = try dockerHost.map { try DockerEndpoint.withTLS(DockerEndpoint.parse($0), environment: environment) }
            ?? DockerEndpoint.discover(environment: environment)
        let client = DockerClient(endpoint: endpoint)
        do {
            let engine = try client.engineName()
            let why = requested == .docker ? "as asked" : "a container engine answers"
            let executor = DockerExecutor(client: client, defaultImage: defaultImage, defaultImageOrigin: defaultImageOrigin,
                                          pullPolicies: pullPolicies, volumes: volumes, engine: engine)
            return ExecutorChoice(executor: executor,
                                  reason: "docker executor, \(why): \(engine) at \(endpoint)")
        } catch let error as DockerError where requested == nil {
            guard case .unreachable = error else { throw error }
            return ExecutorChoice(executor: ShellExecutor(), reason: "shell executor: no container engine answers at \(endpoint)")
        }
    }
}
