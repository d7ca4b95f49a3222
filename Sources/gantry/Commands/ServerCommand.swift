import Foundation
import GantryServer

/// `gantry server [--data DIR] [--listen HOST:PORT] [--url URL] [--initial-root-token T]
/// [--registration-token T] [--runner] [--runner-concurrency N] [--heartbeat-timeout S] [--quiet]`
enum ServerCommand {
    static let usage = """
        usage: gantry server [--data DIR] [--listen HOST:PORT] [--url EXTERNAL_URL] [--initial-root-token T]
                             [--registration-token T] [--runner] [--runner-concurrency N] [--heartbeat-timeout SECONDS] [--quiet]
        """

    static func run(_ args: [String]) throws(Arguments.UsageError) -> Int32 {
        let options = try Arguments(args, valued: ["data", "listen", "url", "initial-root-token", "registration-token",
                                                   "runner-concurrency", "heartbeat-timeout"], flags: ["runner", "quiet"])
        var settings = ServerOptions(data: URL(fileURLWithPath: options.value("data") ?? "gantry-data"))
        if let listen = options.value("listen") {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
                throw Arguments.UsageError(description: "--listen takes HOST:PORT, like 127.0.0.1:8080")
            }
            settings.host = String(listen[..<colon])
            settings.port = port
        }
        settings.externalURL = options.value("url")
        settings.initialRootToken = options.value("initial-root-token") ?? ProcessInfo.processInfo.environment["GANTRY_INITIAL_ROOT_TOKEN"]
        settings.registrationToken = options.value("registration-token")
            ?? ProcessInfo.processInfo.environment["GANTRY_RUNNER_REGISTRATION_TOKEN"]
        if options.flag("runner") { settings.inProcessRunners = Int(options.value("runner-concurrency") ?? "") ?? 2 }
        if let timeout = options.value("heartbeat-timeout") {
            guard let seconds = Double(timeout), seconds > 0 else {
                throw Arguments.UsageError(description: "--heartbeat-timeout takes a number of seconds")
            }
            settings.heartbeatTimeout = seconds
        }
        settings.quiet = options.flag("quiet")

        let server: CIServer
        do {
            server = try CIServer(options: settings)
            try server.start()
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
        server.stop()
        return 0
    }
}
