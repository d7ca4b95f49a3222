import Foundation
import GantryServer
import GantryTestSupport

/// A `CIServer` inside the test process on a free port (no runner of its own), with a known root
/// token and registration token, its data in a scratch folder. `restarted()` stops it and starts a
/// new one on the same data, as a `gantry server` restart does.
final class InProcessServer {
    static let rootToken = "glpat-in-process-root-0001"
    static let registrationToken = "in-process-registration-token"

    let data: URL
    let heartbeatTimeout: TimeInterval
    let server: CIServer
    let api: APIClient

    /// `heartbeatTimeout`: how long a running job's runner may be silent before the watchdog
    /// (once a second) fails the job with runner_system_failure. `maxJobLogSize`: bytes of a
    /// job's log kept.
    init(data: URL? = nil, heartbeatTimeout: TimeInterval = 60, maxJobLogSize: Int = 100 << 20) throws {
        self.data = data ?? GantryProcess.scratchRoot.appendingPathComponent("in-process-\(UUID().uuidString)")
        self.heartbeatTimeout = heartbeatTimeout
        var options = ServerOptions(data: self.data)
        options.port = 0
        options.initialRootToken = Self.rootToken
        options.registrationToken = Self.registrationToken
        options.heartbeatTimeout = heartbeatTimeout
        options.maxJobLogSize = maxJobLogSize
        options.quiet = true
        server = try CIServer(options: options)
        try server.start()
        api = APIClient(baseURL: server.baseURL, token: Self.rootToken)
    }

    deinit { server.stop() }

    /// Stops this server and starts another on its data directory.
    func restarted() throws -> InProcessServer {
        server.stop()
        return try InProcessServer(data: data, heartbeatTimeout: heartbeatTimeout)
    }

    /// A project of root's with `files` pushed to main (git over HTTP, as users push): the push
    /// creates the project's first pipeline, which is returned.
    func project(_ name: String, files: [String: String]) throws -> (project: Int, pipeline: Int) {
        let project = try api.post("/projects", ["name": name]).int("id")
        let repository = try ServerProcess.repository(files: files)
        let remote = server.baseURL.replacingOccurrences(of: "http://", with: "http://root:\(Self.rootToken)@") + "/root/\(name).git"
        try GantryProcess.git(["push", "-q", remote, "main"], in: repository)
        var pipelines: [JSON] = []
        try Waiting.until(10) {
            pipelines = try api.get("/projects/\(project)/pipelines").array
            return !pipelines.isEmpty
        }
        guard let pipeline = pipelines.first else { throw APIClient.Failure(description: "the push to \(name) created no pipeline") }
        return (project, try pipeline.int("id"))
    }
}
