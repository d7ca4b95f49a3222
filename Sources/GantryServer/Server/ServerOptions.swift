import Foundation

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
    /// The instance's runner registration token, known in advance; generated when nil.
    public var registrationToken: String?
    /// Start a runner inside the server (the single-machine default), with this many workers.
    public var inProcessRunners: Int = 0
    /// A running job whose runner is silent this long fails with runner_system_failure.
    public var heartbeatTimeout: TimeInterval = 60
    public var quiet: Bool = false

    public init(data: URL) { self.data = data }
}
