import Foundation
import GantryCrypto
import GantryHTTP
import GantryStore

/// How `gantry server` runs.
public struct ServerOptions: Sendable {
    public var data: URL
    public var host: String = "127.0.0.1"
    /// 0 picks a free port.
    public var port: Int = 8080
    /// The URL users and runners reach the server at; `http://host:port` when not given.
    public var externalURL: String?
    /// The first administrator's token, known in advance for scripted set-ups.
    public var initialRootToken: String?
    /// root's first password for the web UI, known in advance; generated when nil.
    public var initialRootPassword: String?
    /// The instance's runner registration token, known in advance; generated when nil.
    public var registrationToken: String?
    /// A runner inside the server (the single-machine default), with this many workers; the
    /// `gantry server` command starts it with `CIServer.inProcessRunner()`.
    public var inProcessRunners: Int = 0
    /// A running job whose runner is silent this long fails with runner_system_failure.
    public var heartbeatTimeout: TimeInterval = 60
    public var quiet: Bool = false
    /// The in-process runner runs jobs as this (unprivileged) user; nil runs them as the server's.
    public var runAs: String?
    /// Where the in-process runner keeps builds and caches; `DATA/runner` when nil (with `runAs`,
    /// a folder next to the data directory, since the data directory is closed to other users).
    public var runnerWorkDirectory: URL?
    /// Signs jobs' `id_tokens:` (GantrySigstore's key ring, which the `gantry` command composes
    /// in); without one, jobs get no ID tokens.
    public var idTokenSigner: (any JWTSigning)?
    /// Largest uploads taken, in bytes (GitLab's defaults: 100 MB artifacts, 3 GB PyPI files).
    public var maxArtifactsSize: Int = 100 << 20
    public var maxPackageSize: Int = 3 << 30
    public var maxPushSize: Int = 1 << 30
    /// Largest log kept for one job (GitLab's `ci_jobs_trace_size_limit`, 100 MB): past it the
    /// log says so and the rest of the runner's output is dropped.
    public var maxJobLogSize: Int = 100 << 20
    /// Connections one client address may hold open at once, and seconds an idle one is kept.
    public var connectionsPerClient: Int = 64
    public var idleTimeout: Int = 30
    /// The simple index names the PyPI registry forwards to when it does not hold them, and
    /// whether groups without a setting of their own forward (GitLab's application setting).
    public var pypiUpstream: String = "https://pypi.org/simple"
    public var pypiForwarding: Bool = true
    /// `--ci-templates DIR`: the CI/CD templates served at `/api/v4/templates/gitlab_ci_ymls` and
    /// used by `include: template:`, besides the built-in ones.
    public var ciTemplates: URL?
    /// Hosts (`name` or `name:port`) remote includes may reach although they are on the local
    /// network; every other local address is refused.
    public var remoteIncludeHosts: Set<String> = []

    /// Routes of targets the server does not import (the sigstore endpoints), which the `gantry`
    /// command adds: each gets the router, the store, the data directory and the base URL.
    public var extraRoutes: [@Sendable (inout Router, _ store: any Store, _ dataRoot: URL, _ baseURL: String) throws -> Void] = []

    public init(data: URL) { self.data = data }
}

/// A server option that cannot work as given.
public struct ServerSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
