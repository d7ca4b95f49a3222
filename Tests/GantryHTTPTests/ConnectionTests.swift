import Foundation
@testable import GantryHTTP
import Synchronization
import Testing

@Suite struct ServerConnectionTests {
    @Test func keepAliveServesTwoRequestsOnOneConnection() throws {
        let server = try TestServer()
        defer { server.stop() }
        let script = """
        import http.client, json
        c = http.client.HTTPConnection("127.0.0.1", \(server.server.port))
        c.request("GET", "/hello")
        r1 = c.getresponse(); b1 = r1.read(); first = c.sock.getsockname() if c.sock else None
        c.request("POST", "/echo", body=b"again", headers={"Content-Type": "text/plain"})
        r2 = c.getresponse(); b2 = r2.read(); second = c.sock.getsockname() if c.sock else None
        print(json.dumps({"same": first is not None and first == second, "b1": b1.decode(), "b2": b2.decode()}))
        """
        let python = try runTool(["python3", "-c", script])
        #expect(python.status == 0, "\(python.stderr)")
        let json = try jsonObject(python.stdout)
        #expect(json["same"] as? Bool == true)
        #expect(json["b1"] as? String == "hello")
        #expect(json["b2"] as? String == "again")
    }

    @Test func aSlowHandlerDoesNotBlockOtherRequests() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = HTTPClient()
        let slowDone = Atomic<Bool>(false)
        let group = DispatchGroup()
        group.enter()
        let slowURL = server.url("/sleep/2000")
        DispatchQueue.global().async {
            _ = try? client.send(HTTPClientRequest(url: slowURL))
            slowDone.store(true, ordering: .sequentiallyConsistent)
            group.leave()
        }
        #expect(server.sleepersStarted.wait(for: 1))   // the slow request is inside its handler
        #expect(server.server.liveRequestCount >= 1)
        let started = Date()
        let fast = try client.send(HTTPClientRequest(url: server.url("/hello")))
        let elapsed = Date().timeIntervalSince(started)
        #expect(fast.text == "hello")
        let slowFinishedFirst = slowDone.load(ordering: .sequentiallyConsistent)
        #expect(!slowFinishedFirst)
        #expect(elapsed < 1.5)
        group.wait()
    }

    @Test func clientThatAbandonsADownloadDoesNotHurtTheServer() throws {
        let server = try TestServer()
        defer { server.stop() }
        try sampleBytes(8 * 1024 * 1024).write(to: server.workDirectory.appendingPathComponent("big.zip"))
        let script = """
        import socket
        s = socket.create_connection(("127.0.0.1", \(server.server.port)))
        s.sendall(b"GET /file/big.zip HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
        s.recv(1000)
        s.close()
        """
        let python = try runTool(["python3", "-c", script])
        #expect(python.status == 0, "\(python.stderr)")
        Thread.sleep(forTimeInterval: 0.1)
        let again = try HTTPClient().send(HTTPClientRequest(url: server.url("/file/big.zip")))
        #expect(again.body.count == 8 * 1024 * 1024)
    }

    @Test func portZeroPicksAFreePortAndStopIsIdempotent() throws {
        let first = try HTTPServer(port: 0) { _ in .text("one") }
        let second = try HTTPServer(port: 0) { .text("two from \($0.remoteAddress)") }
        #expect(first.port > 0 && second.port > 0 && first.port != second.port)
        #expect(throws: HTTPServerError.self) { try HTTPServer(port: first.port) { _ in .empty() } }
        #expect(throws: HTTPServerError.self) { try HTTPServer(host: "not a host", port: 0) { _ in .empty() } }
        let response = try HTTPClient().send(HTTPClientRequest(url: "http://127.0.0.1:\(second.port)/"))
        #expect(response.text == "two from 127.0.0.1")
        first.stop()
        first.stop()
        second.stop()
        #expect(throws: HTTPClientError.self) { try HTTPClient().send(HTTPClientRequest(url: "http://127.0.0.1:\(second.port)/")) }
    }
}
