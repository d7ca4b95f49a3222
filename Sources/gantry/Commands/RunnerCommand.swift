import Foundation
import GantryExecution
import GantryRunner

/// `gantry runner register --url URL --token TOKEN [--tag T]... [--description D] [--executor shell] [--config F] [--work-dir D]`
/// `gantry runner run [--config F] [--concurrent N] [--run-as USER]`
enum RunnerCommand {
    static let usage = """
        usage: gantry runner register --url URL --token TOKEN [--tag T]... [--description D] [--executor shell] [--config FILE] [--work-dir DIR]
               gantry runner run [--config FILE] [--concurrent N] [--run-as USER]
        """

    static var defaultConfig: String {
        let base = ProcessInfo.processInfo.environment["XDG_CONFIG_HOME"] ?? (NSHomeDirectory() + "/.config")
        return base + "/gantry/runner.json"
    }

    static func run(_ args: [String]) throws(Arguments.UsageError) -> Int32 {
        guard let sub = args.first else { throw Arguments.UsageError(description: "register or run?") }
        switch sub {
        case "register": return try register(Array(args.dropFirst()))
        case "run": return try runAgent(Array(args.dropFirst()))
        default: throw Arguments.UsageError(description: "unknown runner command '\(sub)'")
        }
    }

    static func register(_ args: [String]) throws(Arguments.UsageError) -> Int32 {
        let options = try Arguments(args, valued: ["url", "token", "tag", "description", "executor", "config", "work-dir"],
                                    flags: ["run-untagged"])
        guard let url = options.value("url"), let token = options.value("token") else {
            throw Arguments.UsageError(description: "--url and --token are required")
        }
        let executor = options.value("executor") ?? "shell"
        guard executor == "shell" else {
            throw Arguments.UsageError(description: "executor '\(executor)' is not available yet; use --executor shell")
        }
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
                                                     runUntagged: tags.isEmpty || options.flag("run-untagged"))
            }
            let work = options.value("work-dir") ?? file.deletingLastPathComponent().appendingPathComponent("runner-work").path
            try RunnerConfig(url: url, id: id, token: runnerToken, description: description, tags: tags, executor: executor,
                             workDirectory: URL(fileURLWithPath: work).standardizedFileURL.path).save(file)
            Output.out("runner \(id) registered with \(url); configuration in \(file.path)")
            return 0
        } catch {
            Output.err("gantry runner register: \(error)")
            return 1
        }
    }

    static func runAgent(_ args: [String]) throws(Arguments.UsageError) -> Int32 {
        let options = try Arguments(args, valued: ["config", "concurrent", "run-as"], flags: [])
        let file = URL(fileURLWithPath: options.value("config") ?? defaultConfig)
        let config: RunnerConfig
        do {
            config = try RunnerConfig.load(file)
        } catch {
            Output.err("gantry runner run: \(error)")
            return 1
        }
        let concurrent = min(1000, Int(options.value("concurrent") ?? "1") ?? 1)
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
        Output.out("runner \(config.id) (\(config.description)) taking jobs from \(config.url), \(concurrent) at once")
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
