#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import GantryCommandLine
import GantryRunner
import GantryRunnerProtocol
import GantryServer
import GantrySigstore
import GantryWeb

/// `gantry server`: the server with its settings from the options, until interrupted.
enum ServerCommand {
    static let command = Command(
        "server", abstract: "git hosting, pipelines on push, GitLab's v4 API and runner protocol",
        options: [
            .value("data", "DIR", help: "everything the server keeps (default: ./gantry-data)", completion: .directory),
            .value("listen", "HOST:PORT", help: "where to listen (default: 127.0.0.1:8080; port 0 picks a free one)"),
            .value("url", "EXTERNAL_URL", help: "the address users and runners reach the server at (default: http://HOST:PORT)"),
            .value("initial-root-token", "T", help: "root's first personal access token (or GANTRY_INITIAL_ROOT_TOKEN)"),
            .value("initial-root-token-file", "FILE", help: "the same, read from FILE: it never shows in the process list",
                   completion: .file),
            .value("initial-root-password", "P", help: "root's first password for the web UI (or GANTRY_INITIAL_ROOT_PASSWORD)"),
            .value("initial-root-password-file", "FILE", help: "the same, read from FILE", completion: .file),
            .value("registration-token", "T", help: "the runner registration token (or GANTRY_RUNNER_REGISTRATION_TOKEN)"),
            .value("registration-token-file", "FILE", help: "the same, read from FILE: it never shows in the process list",
                   completion: .file),
            .flag("runner", help: "run a runner inside the server"),
            .value("runner-concurrency", "N", help: "jobs the in-process runner takes at once (default: 2)"),
            .value("run-as", "USER", help: "the in-process runner runs each job's script as this unprivileged user"),
            .value("runner-work-dir", "DIR", help: "the in-process runner's builds and caches (default: DATA/runner)",
                   completion: .directory),
        ] + RunnerExecutorOptions.options(for: "the in-process runner") + [
            .value("heartbeat-timeout", "SECONDS", help: "a running job whose runner is silent this long fails (default: 60)"),
            .value("max-artifacts-size", "MB", help: "the largest artifact upload (default: 100)"),
            .value("max-package-size", "MB", help: "the largest package file (default: 3072)"),
            .value("max-push-size", "MB", help: "the largest git push (default: 1024)"),
            .value("max-job-log-size", "MB", help: "the largest job log kept; past it the log says so (default: 100)"),
            .value("connections-per-client", "N", help: "connections one client address may hold open (default: 64)"),
            .value("idle-timeout", "SECONDS", help: "how long a silent connection is kept (default: 30)"),
            .value("pypi-upstream", "URL", help: "the index unknown PyPI names are forwarded to (default: https://pypi.org/simple)"),
            .flag("no-pypi-forwarding", help: "forward only for groups whose setting turns it on"),
            .value("ci-templates", "DIR", help: "CI/CD templates (*.gitlab-ci.yml) served at /api/v4/templates/gitlab_ci_ymls "
                   + "and used by include: template:, besides the built-in Python ones", completion: .directory),
            .value("remote-include-host", "HOST[:PORT]", help: "a host on the local network that include: remote: may fetch from "
                   + "(every other loopback, private or link-local address is refused)", repeatable: true),
            .flag("quiet", help: "no log lines for pipelines, jobs and runners"),
        ],
        exclusive: [["initial-root-token", "initial-root-token-file"], ["initial-root-password", "initial-root-password-file"], ["registration-token", "registration-token-file"]],
        action: run)

    /// How long a stop may take (jobs reported, handlers returning) before the process just ends;
    /// everything the server keeps is durable by then.
    static let stopDeadline: TimeInterval = 10

    static func run(_ options: Arguments) throws(Arguments.UsageError) -> Int32 {
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
        settings.initialRootPassword = try SecretArguments.take(options, "initial-root-password",
                                                                environment: "GANTRY_INITIAL_ROOT_PASSWORD")
        do {
            try settings.initialRootPassword.map(Accounts.check(password:))
        } catch {
            throw Arguments.UsageError(description: "--initial-root-password: \(error)")
        }
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
        let executor = try RunnerExecutorOptions(options)
        if options.value("executor") != nil && !options.flag("runner") {
            throw Arguments.UsageError(description: "--executor is for the in-process runner: add --runner")
        }
        if let timeout = options.value("heartbeat-timeout") {
            guard let seconds = Double(timeout), seconds > 0, seconds < 1e9 else {
                throw Arguments.UsageError(description: "--heartbeat-timeout takes a number of seconds")
            }
            settings.heartbeatTimeout = seconds
        }
        if let mb = try count(options, "max-artifacts-size") { settings.maxArtifactsSize = mb << 20 }
        if let mb = try count(options, "max-package-size") { settings.maxPackageSize = mb << 20 }
        if let mb = try count(options, "max-push-size") { settings.maxPushSize = mb << 20 }
        if let mb = try count(options, "max-job-log-size") { settings.maxJobLogSize = mb << 20 }
        if let n = try count(options, "connections-per-client") { settings.connectionsPerClient = n }
        if let n = try count(options, "idle-timeout") { settings.idleTimeout = n }
        settings.quiet = options.flag("quiet")
        if let upstream = options.value("pypi-upstream") { settings.pypiUpstream = upstream }
        settings.pypiForwarding = !options.flag("no-pypi-forwarding")
        settings.extraRoutes.append(TransparencyLogRoutes.registrar)
        if let templates = options.value("ci-templates") {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: templates, isDirectory: &isFolder), isFolder.boolValue else {
                throw Arguments.UsageError(description: "--ci-templates: \(templates) is not a directory")
            }
            settings.ciTemplates = URL(fileURLWithPath: templates)
        }
        settings.remoteIncludeHosts = Set(options.all("remote-include-host").map { $0.lowercased() })

        // Everything the server writes is its user's alone: the database, repositories, traces.
        // Process-wide, so the command sets it rather than CIServer (which tests embed).
        umask(0o077)
        let server: CIServer
        let runner: RunnerAgent?
        do {
            try composeOIDCIssuer(&settings)
            server = try CIServer(options: settings, frontEnd: { WebUI(model: $0) })
            try server.start()
            runner = try startInProcessRunner(server, settings, executor: executor)
        } catch {
            Output.err("gantry server: \(error)")
            return 1
        }
        Output.out("Gantry \(GantryVersion.current) listening on \(server.baseURL)")
        Output.out("  data: \(server.data.root.path)")
        if let token = server.createdRootToken {
            Output.out("  root's personal access token (shown once): \(token)")
        }
        if let password = server.createdRootPassword {
            Output.out("  root's password for the web UI (shown once): \(password)")
        }
        if let token = server.createdRegistrationToken {
            Output.out("  runner registration token (shown once): \(token)")
        }
        if settings.inProcessRunners > 0 {
            Output.out("  runner: in process, \(settings.inProcessRunners) at once, \(executor.executor) executor"
                       + (executor.dockerImage.map { " (default image \($0))" } ?? ""))
        }
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
