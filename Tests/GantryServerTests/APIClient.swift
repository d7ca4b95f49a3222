import Foundation
import GantryHTTP
import GantryTestSupport

/// GitLab's REST API (`/api/v4`) as root, over GantryHTTP's client: JSON in, JSON out, a status
/// outside 2xx thrown with the server's message.
struct APIClient {
    let baseURL: String
    let token: String
    let http = HTTPClient(userAgent: "gantry-server-tests")

    struct Failure: Error, CustomStringConvertible { let description: String }

    func get(_ path: String) throws -> JSON { try send("GET", path) }

    @discardableResult
    func post(_ path: String, _ body: [String: Any] = [:]) throws -> JSON { try send("POST", path, body) }

    /// The status and the body, whatever the status (for refusals a test expects).
    func response(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> HTTPClientResponse {
        var headers = [("PRIVATE-TOKEN", token)]
        var data = HTTPClientRequest.Body.none
        if let body {
            headers.append(("Content-Type", "application/json"))
            data = .data(try JSONSerialization.data(withJSONObject: body))
        }
        return try http.send(HTTPClientRequest(method: method, url: baseURL + "/api/v4" + path, headers: headers, body: data))
    }

    private func send(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> JSON {
        let r = try response(method, path, body)
        guard (200..<300).contains(r.status) else { throw Failure(description: "\(method) \(path): \(r.status) \(r.text)") }
        return try JSON(r.body)
    }
}

/// A decoded JSON value with the look-ups the tests need; a missing key or a wrong type throws.
struct JSON {
    let value: Any

    init(_ value: Any) { self.value = value }

    init(_ data: Data) throws {
        value = data.isEmpty ? [String: Any]() : try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    struct Mismatch: Error, CustomStringConvertible { let description: String }

    subscript(_ key: String) -> JSON { JSON((value as? [String: Any])?[key] ?? NSNull()) }

    var array: [JSON] { (value as? [Any] ?? []).map(JSON.init) }

    var string: String? { value as? String }

    func int(_ key: String) throws -> Int {
        guard let n = self[key].value as? Int else { throw Mismatch(description: "no integer `\(key)` in \(value)") }
        return n
    }

    func string(_ key: String) throws -> String {
        guard let s = self[key].string else { throw Mismatch(description: "no string `\(key)` in \(value)") }
        return s
    }
}

/// The look-ups of a project's pipelines and jobs that the coordinator tests make.
extension APIClient {
    func pipelineStatus(_ project: Int, _ pipeline: Int) throws -> String {
        try get("/projects/\(project)/pipelines/\(pipeline)").string("status")
    }

    /// The pipeline's jobs by name (latest attempts), or every attempt oldest first with `includeRetried`.
    func jobs(_ project: Int, _ pipeline: Int, includeRetried: Bool = false) throws -> [JSON] {
        try get("/projects/\(project)/pipelines/\(pipeline)/jobs?include_retried=\(includeRetried)").array
            .sorted { (try? $0.int("id")) ?? 0 < (try? $1.int("id")) ?? 0 }
    }

    func job(_ project: Int, _ pipeline: Int, named name: String) throws -> JSON {
        guard let job = try jobs(project, pipeline).first(where: { $0["name"].string == name }) else {
            throw Failure(description: "pipeline \(pipeline) has no job \(name)")
        }
        return job
    }

    func trace(_ project: Int, job: Int) throws -> String {
        let r = try response("GET", "/projects/\(project)/jobs/\(job)/trace")
        guard r.status == 200 else { throw Failure(description: "trace of job \(job): \(r.status)") }
        return r.text
    }

    /// Waits (polling, with a deadline) until the pipeline has `status`; the status it has then.
    @discardableResult
    func waitForPipeline(_ project: Int, _ pipeline: Int, toBe status: String, within seconds: TimeInterval = 30) throws -> String {
        var current = ""
        try Waiting.until(seconds) {
            current = try pipelineStatus(project, pipeline)
            return current == status
        }
        return current
    }
}
