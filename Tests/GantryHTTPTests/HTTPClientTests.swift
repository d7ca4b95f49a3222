import Foundation
import GantryHTTP
import Testing

@Suite struct HTTPClientTests {
    @Test func connectionRefusedNamesTheURL() throws {
        // A port that was just free.
        let probe = try HTTPServer(port: 0) { _ in .empty() }
        let port = probe.port
        probe.stop()
        let url = "http://127.0.0.1:\(port)/api/v4/jobs/request"
        do {
            _ = try HTTPClient().send(HTTPClientRequest(method: "POST", url: url, timeout: 5))
            Issue.record("no error")
        } catch let error as HTTPClientError {
            #expect(error.isConnectionFailure)
            #expect(error.description.contains(url))
            #expect(error.description.lowercased().contains("connect"))
        }
    }

    @Test func timeoutIsReported() throws {
        let server = try TestServer()
        defer { server.stop() }
        do {
            _ = try HTTPClient().send(HTTPClientRequest(url: server.url("/sleep/1500"), timeout: 0.3))
            Issue.record("no error")
        } catch let error as HTTPClientError {
            #expect(error.isTimeout)
            #expect(error.description.contains("/sleep/1500"))
        }
    }

    @Test func downloadToStreamsSuccessBodiesIntoAFile() throws {
        let server = try TestServer()
        defer { server.stop() }
        let content = sampleBytes(2_000_000, seed: 11)
        try content.write(to: server.workDirectory.appendingPathComponent("dl.zip"))
        let destination = server.workDirectory.appendingPathComponent("downloaded.zip")
        let client = HTTPClient()
        let response = try client.send(HTTPClientRequest(url: server.url("/file/dl.zip"), downloadTo: destination))
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(try Data(contentsOf: destination) == content)

        let missing = server.workDirectory.appendingPathComponent("not-created.zip")
        let notFound = try client.send(HTTPClientRequest(url: server.url("/nope"), downloadTo: missing))
        #expect(notFound.status == 404)
        #expect(notFound.text.contains("404 Not Found"))
        #expect(!FileManager.default.fileExists(atPath: missing.path))
    }

    @Test func sendsHeadersAndIsUsableFromManyThreads() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = HTTPClient()
        let url = server.url("/echo")
        let failures = URLRecorder()
        DispatchQueue.concurrentPerform(iterations: 32) { index in
            let body = Data("request \(index)".utf8)
            let response = try? client.send(HTTPClientRequest(method: "POST", url: url,
                                                              headers: [("Content-Type", "text/plain")], body: .data(body)))
            if response?.body != body { failures.record(URL(fileURLWithPath: "/\(index)")) }
        }
        #expect(failures.all.isEmpty)
    }
}
