import Foundation
import GantryHTTP
import Testing

/// A runner played by the test over GitLab's runner protocol (register, `POST /jobs/request`,
/// `PUT /jobs/:id`, `PATCH /jobs/:id/trace`): it runs nothing, it says what a real runner would.
struct ProtocolRunner {
    private(set) var baseURL: String
    let id: Int
    let token: String
    let http = HTTPClient(userAgent: "gantry-server-tests-runner")

    /// What the test reads of a job payload, decoded here rather than with the runner's own types.
    struct Job: Decodable {
        struct Info: Decodable {
            let name: String
            let stage: String
        }

        struct Variable: Decodable {
            let key: String
            let value: String
        }

        struct GitInfo: Decodable {
            let ref: String
            let refspecs: [String]
            let depth: Int
        }

        let id: Int
        let token: String
        let jobInfo: Info
        let variables: [Variable]
        let gitInfo: GitInfo?
        let allowGitFetch: Bool?

        func variable(_ key: String) -> String? { variables.first { $0.key == key }?.value }
    }

    /// Registers with the instance's registration token.
    init(server: InProcessServer, description: String = "test runner") throws {
        baseURL = server.server.baseURL + "/api/v4"
        let r = try http.send(Self.json("POST", baseURL + "/runners", ["token": InProcessServer.registrationToken,
                                                                        "description": description]))
        guard r.status == 201 else { throw APIClient.Failure(description: "runner registration: \(r.status) \(r.text)") }
        let body = try JSON(r.body)
        id = try body.int("id")
        token = try body.string("token")
    }

    /// The same runner (its token) at a restarted server's address (a new free port).
    func reaching(_ server: InProcessServer) -> ProtocolRunner {
        var moved = self
        moved.baseURL = server.server.baseURL + "/api/v4"
        return moved
    }

    /// The next job for this runner. Only asked when a job is pending: with none the server
    /// holds the request for its long poll (50 s) before answering 204.
    func requestJob() throws -> Job? {
        let r = try http.send(Self.json("POST", baseURL + "/jobs/request", ["token": token], timeout: 120))
        switch r.status {
        case 201:
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(Job.self, from: r.body)
        case 204: return nil
        default: throw APIClient.Failure(description: "jobs/request: \(r.status) \(r.text)")
        }
    }

    /// The job the test knows is pending; the test fails here when none comes.
    func nextJob(sourceLocation: SourceLocation = #_sourceLocation) throws -> Job {
        try #require(try requestJob(), "no job for runner \(id)", sourceLocation: sourceLocation)
    }

    /// `PUT /jobs/:id`: `running` is a heartbeat, `success` or `failed` the end. The status code,
    /// 200 or 403 once the job is no longer running (canceled, failed by the watchdog).
    @discardableResult
    func update(_ job: Job, state: String, failureReason: String? = nil, exitCode: Int? = nil, logSize: Int? = nil) throws -> Int {
        var body: [String: Any] = ["token": job.token, "state": state]
        if let logSize { body["output"] = ["bytesize": logSize] }
        if let failureReason { body["failure_reason"] = failureReason }
        if let exitCode { body["exit_code"] = exitCode }
        return try updateResponse(job, body).status
    }

    /// `PUT /jobs/:id` with this body, the whole answer (its `Job-Status` header).
    func updateResponse(_ job: Job, _ body: [String: Any]) throws -> HTTPClientResponse {
        try http.send(Self.json("PUT", baseURL + "/jobs/\(job.id)", body))
    }

    /// Appends to the job's trace at `offset` (its current size); the status code (202, or 416
    /// for a wrong offset, 403 once the job is no longer running).
    @discardableResult
    func trace(_ job: Job, _ text: String, at offset: Int) throws -> Int {
        try traceResponse(job, text, at: offset).status
    }

    /// The whole answer to a trace patch (its `Job-Status` header).
    func traceResponse(_ job: Job, _ text: String, at offset: Int) throws -> HTTPClientResponse {
        let bytes = Data(text.utf8)
        let request = HTTPClientRequest(method: "PATCH", url: baseURL + "/jobs/\(job.id)/trace",
                                        headers: [("JOB-TOKEN", job.token), ("Content-Type", "text/plain"),
                                                  ("Content-Range", "\(offset)-\(offset + bytes.count - 1)")],
                                        body: .data(bytes))
        return try http.send(request)
    }

    /// A whole job as a runner runs it: one trace chunk, then the end.
    func run(_ job: Job, trace text: String, success: Bool = true, exitCode: Int? = nil) throws {
        let traced = try trace(job, text, at: 0)
        guard traced == 202 else { throw APIClient.Failure(description: "trace of job \(job.id): \(traced)") }
        let updated = try update(job, state: success ? "success" : "failed", failureReason: success ? nil : "script_failure",
                                 exitCode: exitCode ?? (success ? 0 : 1))
        guard updated == 200 else { throw APIClient.Failure(description: "end of job \(job.id): \(updated)") }
    }

    private static func json(_ method: String, _ url: String, _ body: [String: Any], timeout: TimeInterval = 60) throws -> HTTPClientRequest {
        HTTPClientRequest(method: method, url: url, headers: [("Content-Type", "application/json")],
                          body: .data(try JSONSerialization.data(withJSONObject: body)), timeout: timeout)
    }
}
