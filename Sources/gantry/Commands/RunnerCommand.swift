import Foundation
import GantryCommandLine
import GantryExecution
import GantryRunner

/// `gantry runner register` writes a runner's configuration; `gantry runner run` takes jobs with it.
enum RunnerCommand {
    static let command = Command("runner", abstract: "a runner that takes jobs from a Gantry (or GitLab) server", subcommands: [
        Command("register", abstract: "register with a server; writes the runner's configuration", options: [
            .value("url", "URL", help: "the server's address", required: true),
            .value("token", "TOKEN", help: "a registration token, or a runner's glrt- token made in the server", required: true),
            .value("tag", "T", help: "a tag jobs can ask for (tags: in .gitlab-ci.yml); commas separate several", repeatable: true),
            .flag("run-untagged", help: "with --tag: also take jobs without tags"),
            .value("description", "D", help: "the runner's name in the server (default: this host's name)"),
        ] + RunnerExecutorOptions.options(for: "the runner") + [
            .value("config", "FILE", help: "where to write the configuration (default: ~/.config/gantry/runner.json)",
                   completion: .file),
            .value("work-dir", "DIR", help: "the jobs' builds and caches (default: runner-work next to the configuration)",
                   completion: .directory),
        ], action: register),
        Command("run", abstract: "take jobs from the server and run them until interrupted", options: [
            .value("config", "FILE", help: "the configuration register wrote (default: ~/.config/gantry/runner.json)",
                   completion: .file),
            .value("concurrent", "N", help: "jobs at once (default: 1)"),
            .value("run-as", "USER", help: "run each job's script as this unprivileged user"),
        ], action: runAgent),
    ])

    static var defaultConfig: String {
        let base = ProcessInfo.processInfo.environment["XDG_CONFIG_HOME"] ?? (NSHomeDirectory() + "/.config")
        return base + "/gantry/runner.json"
    }

    static func register(_ options: Arguments) throws(Arguments.UsageError) -> Int32 {
        guard let url = options.value("url"), let token = options.value("token") else {
            throw Arguments.UsageError(description: "--url and --token are required")
        }
        let executor = try RunnerExecutorOptions(options)
        let tags = options.all("tag").flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let description = options.value("description") ?? ProcessInfo.processInfo.hostName
        let file = URL(fileURLWithPath: options.value("config") ?? defaultConfig)
        let api = RunnerAPIClient(baseURL: url)
        do {
            let id: Int, runnerToken: String
            if token.hasPrefix("glrt-") {
                // A runner created in the UI or API already has its token: check it and keep it.
                guard let known = try api.verify(token: token) else {
                    Output.err("gantry runner register: \(url) does not know this runner token")
                    return 1
                }
                (id, runnerToken) = (known, token)
            } else {
                (id, runnerToken) = try api.register(registrationToken: token, description: description, tags: tags,
                                                     runUntagged: tags.isEmpty || options.flag("run-untagged"),
                                                     info: RunnerConfig.info(executor: executor.executor))
            }
            let work = options.value("work-dir") ?? file.deletingLastPathComponent().appendingPathComponent("runner-work").path
            try RunnerConfig(url: url, id: id, token: runnerToken, description: description, tags: tags, executor: executor.executor,
                             dockerImage: executor.dockerImage, dockerHost: executor.dockerHost,
                             dockerVolumes: executor.dockerVolumes.isEmpty ? nil : executor.dockerVolumes, workDirectory: URL(fileURLWithPath: work).standardizedFileURL.path).save(file)
            Output.out("runner \(id) registered with \(url); configuration in \(file.path)")
            return 0
        } catch {
            Output.err("gantry runner register: \(error)")
            return 1
        }
    }

    static func runAgent(_ options: Arguments) throws(Arguments.UsageError) -> Int32 {
        let file = URL(fileURLWithPath: options.value("config") ?? defaultConfig)
        let config: RunnerConfig
        do {
            config = try RunnerConfig.load(file)
        } catch {
            Output.err("gantry runner run: \(error)")
            return 1
        }
        let concurrent = min(1000, Int(options.value("concurrent") ?? "1") ?? 1)
        do {
            _ = try config.makeExecutor()  // a docker runner whose engine does not answer stops here, naming the socket
        } catch {
            Output.err("gantry runner run: \(error)")
            return 1
        }
        if let name = options.value("run-as") {
            // The shell executor runs each job's script as this unprivileged user (see JobUser).
            do {
                try RunnerAgent.runJobs(asUser: name, workRoot: URL(fileURLWithPath: config.workDirectory))
            } catch {
                Output.err("gantry runner run: \(error)")
                return 1
            }
        }
        let agent = RunnerAgent(config: config, concurrent: concurrent, console: Console(colour: false))
        Output.out("runner \(config.id) (\(config.description)) taking jobs from \(config.url), \(concurrent) at once, "
                   + "\(config.executor) executor")
        agent.start()
        let done = DispatchSemaphore(value: 0)
        // Like GitLab's runner on SIGINT/SIGTERM: running jobs end now, reported as runner
        // failures, so a `retry:` can run them on another runner.
        let signals = Interrupts.onInterrupt(message: "ending running jobs") {
            agent.abortRunningJobs()
            done.signal()
        }
        done.wait()
        signals.forEach { $0.cancel() }
        agent.wait()
        return 0
    }
}
