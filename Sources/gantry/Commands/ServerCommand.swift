#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import GantryRunner
import GantryServer

/// `gantry server [--data DIR] [--listen HOST:PORT] [--url URL] [--initial-root-token T | --initial-root-token-file F]
/// [--registration-token T | --registration-token-file F] [--runner] [--runner-concurrency N] [--run-as USER]
/// [--runner-work-dir DIR] [--heartbeat-timeout S] [--max-artifacts-size MB] [--max-package-size MB] [--max-push-size MB]
/// [--connections-per-client N] [--idle-timeout S] [--quiet]`
enum ServerCommand {
    static let usage = """
        usage: gantry server [--data DIR] [--listen HOST:PORT] [--url EXTERNAL_URL]
                             [--initial-root-token T | --initial-root-token-file FILE]
                             [--registration-token T | --registration-token-file FILE]
                             [--runner] [--runner-concurrency N] [--run-as USER] [--runner-work-dir DIR]
                             [--heartbeat-timeout SECONDS] [--max-artifacts-size MB] [--max-package-size MB] [--max-push-size MB]
                             [--connections-per-client N] [--idle-timeout SECONDS] [--quiet]
        """

    /// How long a stop may take (jobs reported, handlers returning) before the process just ends;
    /// everything the server keeps is durable by then.
    static let stopDeadline: TimeInterval = 10

    static func run(_ args: [String]) throws(Arguments.UsageError) -> Int32 {
        let options = try Arguments(args, valued: ["data", "listen", "url", "initial-root-token", "initial-root-token-file",
                                                   "registration-token", "registration-token-file", "runner-concurrency", "run-as",
                                                   "runner-work-dir", "heartbeat-timeout", "max-artifacts-size", "max-package-size",
                                                   "max-push-size", "connections-per-client", "idle-timeout"],
                                    flags: ["runner", "quiet"])
        var settings = ServerOptions(data: URL(fileURLWithPath: options.value("data") ?? "gantry-data"))
        if let listen = options.value("listen") {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
                throw Arguments.UsageError(description: "--listen takes HOST:PORT, like 127.0.0.1:8080")
            }
            settings.host = String(listen[..<colon])
            settings.port = port
        }
        settings.externalURL = options.value("url")
        settings.initialRootToken = try SecretArguments.take(options, "initial-root-token", environment: "GANTRY_INITIAL_ROOT_TOKEN")
        settings.registrationToken = try SecretArguments.take(options, "registration-token",
                                                              environment: "GANTRY_RUNNER_REGISTRATION_TOKEN")
        if options.flag("runner") {
            settings.inProcessRunners = try count(options, "runner-concurrency") ?? 2
            guard settings.inProcessRunners <= 1000 else {
                throw Arguments.UsageError(description: "--runner-concurrency takes at most 1000")
            }
        }
        settings.runAs = options.value("run-as")
        if settings.runAs != nil && !options.flag("runner") {
            throw Arguments.UsageError(description: "--run-as is for the in-process runner: add --runner")
        }
        settings.runnerWorkDirectory = options.value("runner-work-dir").map { URL(fileURLWithPath: $0) }
        if let timeout = options.value("heartbeat-timeout") {
            guard let seconds = Double(timeout), seconds > 0, seconds < 1e9 else {
                throw Arguments.UsageError(description: "--heartbeat-timeout takes a number of seconds")
            }
            settings.heartbeatTimeout = seconds
        }
        if let mb = try count(options, "max-artifacts-size") { settings.maxArtifactsSize = mb << 20 }
        if let mb = try count(options, "max-package-size") { settings.maxPackageSize = mb << 20 }
        if let mb = try count(options, "max-push-size") { settings.maxPushSize = mb << 20 }
        if let n = try count(options, "connections-per-client") { settings.connectionsPerClient = n }
        if let n = try count(options, "idle-timeout") { settings.idleTimeout = n }
        settings.quiet = options.flag("quiet")

        let server: CIServer
        let runner: RunnerAgent?
        do {
            server = try CIServer(options: settings)
            try server.start()
            runner = try startInProcessRunner(server, settings)
        } catch {
            Output.err("gantry server: \(error)")
            return 1
        }
        Output.out("Gantry \(GantryVersion.current) listening on \(server.baseURL)")
        Output.out("  data: \(server.data.root.path)")
        if let token = server.createdRootToken {
            Output.out("  root's personal access token (shown once): \(token)")
        }
        if let token = server.createdRegistrationToken {
            Output.out("  runner registration token (shown once): \(token)")
        }
        if settings.inProcessRunners > 0 { Output.out("  runner: in process, \(settings.inProcessRunners) at once") }
        // Scripts wait for this file to know the server is up and where.
        let ready = server.data.root.appendingPathComponent("server.url")
        try? (server.baseURL + "\n").write(to: ready, atomically: true, encoding: .utf8)

        let done = DispatchSemaphore(value: 0)
        let signals = Interrupts.onInterrupt(message: "stopping the server") { done.signal() }
        done.wait()
        signals.forEach { $0.cancel() }
        try? FileManager.default.removeItem(at: ready)
        // Whatever is running (a long parse, a stuck handler), the process ends in bounded time.
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: stopDeadline)
            Output.err("gantry server: stopping took over \(Int(stopDeadline))s; exiting now")
            _exit(0)
        }
        // The in-process runner's jobs end with the server: reported as runner failures while the
        // server still answers, else failed for their missing heartbeat after a restart; either
        // way `retry: when: runner_system_failure` runs them again.
        runner?.abortRunningJobs()
        server.stop()
        return 0
    }

    /// A positive whole number option (sizes in MB, counts, seconds), at most a million million.
    private static func count(_ options: Arguments, _ name: String) throws(Arguments.UsageError) -> Int? {
        guard let text = options.value(name) else { return nil }
        guard let value = Int(text), value > 0, value <= 1_000_000_000_000 else {
            throw Arguments.UsageError(description: "--\(name) takes a positive whole number")
        }
        return value
    }
}
