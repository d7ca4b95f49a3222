import Foundation
import GantryHTTP
import GantryRunnerProtocol

/// The runner's side of GitLab's runner API (`/api/v4/runners`, `/api/v4/jobs/...`), spoken to a
/// Gantry server or to GitLab itself.
public struct RunnerAPIClient: Sendable {
    public let baseURL: String
    let http: HTTPClient
    /// How long the server may hold `POST /jobs/request` open before answering 204.
    public static let longPollTimeout: TimeInterval = 70

    public init(baseURL: String, http: HTTPClient = HTTPClient()) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.http = http
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `POST /api/v4/runners` with a registration token: the runner's id and its own token.
    public func register(registrationToken: String, description: String, tags: [String],
                         runUntagged: Bool, info: VersionInfo = .gantry) throws -> (id: Int, token: String) {
        let response = try send("POST", "/api/v4/runners",
                                RunnerRegistration(token: registrationToken, description: description, tags: tags,
                                                   runUntagged: runUntagged, info: info))
        guard response.status == 201, let credentials = try? JSONDecoder().decode(RunnerCredentials.self, from: response.body) else {
            throw Failure(description: "registration refused by \(baseURL): \(RunnerAPIClient.message(response))")
        }
        return (credentials.id, credentials.token)
    }

    /// `POST /api/v4/runners/verify`: the runner's id when the server knows this token, else nil.
    public func verify(token: String) throws -> Int? {
        let response = try send("POST", "/api/v4/runners/verify", RunnerVerification(token: token))
        guard response.status == 200 else { return nil }
        return (try? JSONDecoder().decode(RunnerCredentials.self, from: response.body))?.id ?? 0
    }

    /// `POST /api/v4/jobs/request`: a job (201), or nil when there is none (204) after the
    /// server's long poll.
    public func requestJob(token: String, info: VersionInfo = .gantry) throws -> JobPayload? {
        let response = try send("POST", "/api/v4/jobs/request", JobRequest(token: token, info: info),
                                timeout: RunnerAPIClient.longPollTimeout)
        switch response.status {
        case 201: return try JSONDecoder().decode(JobPayload.self, from: response.body)
        case 204: return nil
        default: throw Failure(description: "job request to \(baseURL) failed: \(RunnerAPIClient.message(response))")
        }
    }

    /// What the server says of a job the runner reports on.
    public enum JobReply: Sendable, Equatable {
        case ok
        /// The job was canceled or is no longer this runner's: stop it.
        case stop
    }

    /// `PUT /api/v4/jobs/:id`: the job's state (`running` as a heartbeat, then `success`/`failed`).
    public func updateJob(id: Int, token: String, state: JobState, failureReason: String? = nil,
                          exitCode: Int32? = nil, logSize: Int? = nil) throws -> JobReply {
        let update = JobUpdate(token: token, state: state, failureReason: failureReason, exitCode: exitCode.map(Int.init),
                               output: logSize.map(JobUpdate.Output.init(bytesize:)))
        let response = try send("PUT", "/api/v4/jobs/\(id)", update)
        if response.status == 403 || response.status == 404 { return .stop }
        return JobUpdate.stopsJob(status: response.header(JobUpdate.statusHeader)) ? .stop : .ok
    }

    public enum TraceReply: Sendable, Equatable {
        /// Accepted; the server's trace now has this many bytes.
        case accepted(Int)
        /// The server's trace has this many bytes, not what the runner thought: resend from there.
        case rangeMismatch(Int)
        case stop
    }

    /// `PATCH /api/v4/jobs/:id/trace` with `Content-Range: start-end` (end inclusive).
    public func appendTrace(id: Int, token: String, bytes: Data, offset: Int) throws -> TraceReply {
        let request = HTTPClientRequest(method: "PATCH", url: baseURL + "/api/v4/jobs/\(id)/trace",
                                        headers: [("JOB-TOKEN", token), ("Content-Type", "text/plain"),
                                                  (TracePatch.contentRangeHeader, TracePatch.contentRange(offset: offset, count: bytes.count))],
                                        body: .data(bytes), timeout: 30)
        let response = try http.send(request)
        let serverSize = response.header(TracePatch.rangeHeader).flatMap(TracePatch.size(fromRange:))
        switch response.status {
        case 202: return .accepted(serverSize ?? offset + bytes.count)
        case 416: return .rangeMismatch(serverSize ?? 0)
        case 403, 404: return .stop
        default: throw Failure(description: "trace upload failed: \(RunnerAPIClient.message(response))")
        }
    }

    /// `POST /api/v4/jobs/:id/artifacts`: one archive or report, as multipart field `file`.
    public func uploadArtifact(id: Int, token: String, file: URL, filename: String, query: ArtifactUploadQuery) throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_-"))
        let fields = query.fields.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        let request = HTTPClientRequest(method: "POST", url: baseURL + "/api/v4/jobs/\(id)/artifacts?" + fields.joined(separator: "&"),
                                        headers: [("JOB-TOKEN", token)],
                                        multipart: [.file(ArtifactUploadQuery.fileField, file, filename: filename)],
                                        timeout: 600)
        let response = try http.send(request)
        guard response.status == 201 else {
            throw Failure(description: "artifact upload refused: \(RunnerAPIClient.message(response))")
        }
    }

    /// `GET /api/v4/jobs/:id/artifacts` with a job token, into `destination`.
    public func downloadArtifacts(id: Int, token: String, to destination: URL) throws {
        let request = HTTPClientRequest(method: "GET", url: baseURL + "/api/v4/jobs/\(id)/artifacts",
                                        headers: [("JOB-TOKEN", token)], timeout: 600, downloadTo: destination)
        let response = try http.send(request)
        guard response.status == 200 else {
            try? FileManager.default.removeItem(at: destination)
            throw Failure(description: "artifacts of job \(id) could not be downloaded: HTTP \(response.status)")
        }
    }

    private func send(_ method: String, _ path: String, _ body: some Encodable, timeout: TimeInterval = 30) throws -> HTTPClientResponse {
        try http.send(HTTPClientRequest(method: method, url: baseURL + path,
                                        headers: [("Content-Type", "application/json"), ("Accept", "application/json")],
                                        body: .data(try JSONEncoder().encode(body)), timeout: timeout))
    }

    /// GitLab's `{"message": ...}` of an error response, or its status.
    static func message(_ response: HTTPClientResponse) -> String {
        if let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any], let message = object["message"] {
            return "\(message) (HTTP \(response.status))"
        }
        return "HTTP \(response.status)"
    }
}
