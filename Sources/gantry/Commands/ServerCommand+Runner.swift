import Foundation
import GantryRunner
import GantryServer

extension ServerCommand {
    /// `--runner`: a runner agent inside the server's process, taking jobs over loopback like any
    /// other runner. The command composes the two; the server does not know the runner. With
    /// `--executor docker`, an engine that does not answer stops the server at start, naming the socket.
    static func startInProcessRunner(_ server: CIServer, _ settings: ServerOptions, executor: RunnerExecutorOptions) throws -> RunnerAgent? {
        guard settings.inProcessRunners > 0 else { return nil }
        let runner = try server.inProcessRunner()
        if let name = settings.runAs {
            try RunnerAgent.runJobs(asUser: name, workRoot: runner.workDirectory)
        }
        let config = RunnerConfig(url: runner.url, id: runner.id, token: runner.token, description: runner.description,
                                  tags: [], executor: executor.executor, dockerImage: executor.dockerImage,
                                  dockerHost: executor.dockerHost, dockerVolumes: executor.dockerVolumes,
                                  workDirectory: runner.workDirectory.path)
        _ = try config.makeExecutor()
        let agent = RunnerAgent(config: config, concurrent: settings.inProcessRunners, console: nil)
        agent.start()
        return agent
    }
}
