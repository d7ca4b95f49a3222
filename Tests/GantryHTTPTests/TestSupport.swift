import Foundation
import GantryTestSupport
@testable import GantryHTTP
import Synchronization
import Testing

/// A server on a free port with the routes the tests drive.
final class TestServer: Sendable {
    let server: HTTPServer
    let spillDirectory: URL
    let workDirectory: URL
    /// Bodies the /echo handler saw as spilled files, to check they are gone afterwards.
    let spilledFiles: URLRecorder
    /// How many /sleep handlers have started.
    let sleepersStarted: Counter

    init(extraRoutes: (inout Router) -> Void = { _ in }) throws {
        spillDirectory = try makeTemporaryDirectory("spill")
        workDirectory = try makeTemporaryDirectory("work")
        let work = workDirectory
        var router = Router()
        let spilled = URLRecorder()
        spilledFiles = spilled
        let sleepers = Counter()
        sleepersStarted = sleepers
        router.add("GET", "/hello") { _ in .text("hello") }
        router.add("GET", "/api/v4/projects/:id/pipelines") { request in
            try jsonResponse(["id": request.params["id"] ?? "", "path": request.path, "ref": request.query("ref") ?? ""])
        }
        router.add("GET", "/query") { request in
            try jsonResponse(["pairs": request.query.map { [$0.0, $0.1] }, "raw": request.rawQuery])
        }
        for method in ["POST", "PUT", "PATCH"] {
            router.add(method, "/echo") { request in
                var kind = "empty"
                switch request.body {
                case .empty: break
                case .data: kind = "data"
                case .file(let url):
                    kind = "file"
                    spilled.record(url)
                }
                return HTTPResponse(status: 200, headers: [("X-Body-Kind", kind), ("X-Method", request.method),
                                                           ("Content-Type", "application/octet-stream")],
                                    body: .data(try request.bodyData()))
            }
        }
        router.add("POST", "/upload") { request in
            let form = try MultipartForm(request: request)
            var parts: [[String: Any]] = []
            for (index, part) in form.parts.enumerated() {
                var entry: [String: Any] = ["name": part.name, "count": part.count]
                if let filename = part.filename {
                    entry["filename"] = filename
                    let destination = work.appendingPathComponent("part-\(index)")
                    try part.write(to: destination)
                    entry["savedTo"] = destination.path
                    if case .file = part.content { entry["backing"] = "file" } else { entry["backing"] = "data" }
                } else {
                    entry["value"] = try part.text()
                }
                if let contentType = part.contentType { entry["contentType"] = contentType }
                parts.append(entry)
            }
            return try jsonResponse(["parts": parts, "version": form.value("version") ?? ""])
        }
        router.add("GET", "/sleep/:milliseconds") { request in
            let milliseconds = Int(request.params["milliseconds"] ?? "") ?? 0
            sleepers.increment()
            Thread.sleep(forTimeInterval: Double(milliseconds) / 1000)
            return .text("slept \(milliseconds)")
        }
        router.add("GET", "/file/:name") { request in
            .file(work.appendingPathComponent(request.params["name"] ?? ""), contentType: "application/zip",
                  deleteAfterSending: request.query("delete") == "1")
        }
        router.add("GET", "/auth") { request in
            guard let (user, password) = request.basicAuth else { throw HTTPError(status: 401, "401 Unauthorized") }
            return .text("\(user):\(password)")
        }
        router.add("GET", "/git/*path") { request in
            .text("git \(request.params["path"] ?? "-")")
        }
        extraRoutes(&router)
        let frozen = router
        server = try HTTPServer(port: 0, temporaryDirectory: spillDirectory) { frozen.handle($0) }
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(server.port)\(path)" }

    /// Stops the server and checks that no request state or spilled body outlived it.
    func stop() {
        server.stop()
        #expect(server.liveRequestCount == 0, "request state leaked")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: spillDirectory.path)) == [], "spill files left")
        try? FileManager.default.removeItem(at: spillDirectory)
        try? FileManager.default.removeItem(at: workDirectory)
    }
}

final class URLRecorder: Sendable {
    private let urls = Mutex<[URL]>([])
    func record(_ url: URL) { urls.withLock { $0.append(url) } }
    var all: [URL] { urls.withLock { $0 } }
}

final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func increment() { value.add(1, ordering: .sequentiallyConsistent) }
    var count: Int { value.load(ordering: .sequentiallyConsistent) }

    /// Waits (up to `timeout` seconds) until the count reaches `target`.
    func wait(for target: Int, timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while count < target {
            if Date() > deadline { return false }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return true
    }
}

func jsonResponse(_ object: Any, status: Int = 200) throws -> HTTPResponse {
    .json(status: status, try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
}

func jsonObject(_ data: Data) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
}

func makeTemporaryDirectory(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("gantry-http-tests-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Bytes that are not all alike and contain CR LF and dashes, as real zips do.
func sampleBytes(_ count: Int, seed: UInt32 = 1) -> Data {
    var state = seed
    var bytes = [UInt8](repeating: 0, count: count)
    for index in 0..<count {
        state = state &* 1_664_525 &+ 1_013_904_223
        bytes[index] = UInt8(truncatingIfNeeded: state >> 24)
    }
    return Data(bytes)
}

struct ProcessResult {
    var status: Int32
    var stdout: Data
    var stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs a command line tool (curl, python3) without the environment's proxies, stdin given (or
/// empty), and collects its output.
func runTool(_ arguments: [String], stdin: Data? = nil) throws -> ProcessResult {
    var environment = ProcessInfo.processInfo.environment
    for name in ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] {
        environment[name] = nil
    }
    let r = try Waiting.run(URL(fileURLWithPath: "/usr/bin/env"), arguments, environment: environment, input: stdin ?? Data(),
                            waitingFor: arguments.joined(separator: " ").prefix(120).description)
    return ProcessResult(status: r.status, stdout: Data(r.stdout.utf8), stderr: r.stderr)
}
