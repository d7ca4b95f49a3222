import Foundation
import GantryHTTP
import Testing

@Suite struct ServerBodyTests {
    static let size = 5 * 1024 * 1024

    @Test func largeBodyRoundTripsThroughHTTPClient() throws {
        let server = try TestServer()
        defer { server.stop() }
        let payload = sampleBytes(Self.size, seed: 7)
        let response = try HTTPClient().send(HTTPClientRequest(method: "POST", url: server.url("/echo"), body: .data(payload)))
        #expect(response.status == 200)
        #expect(response.header("X-Body-Kind") == "file")
        #expect(response.body == payload)
        // The spilled body is gone once the handler has returned.
        #expect(!server.spilledFiles.all.isEmpty)
        for url in server.spilledFiles.all { #expect(!FileManager.default.fileExists(atPath: url.path)) }
    }

    @Test func smallBodiesStayInMemory() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = HTTPClient()
        let small = try client.send(HTTPClientRequest(method: "PATCH", url: server.url("/echo"), body: .data(Data("{}".utf8))))
        #expect(small.header("X-Body-Kind") == "data")
        #expect(small.header("X-Method") == "PATCH")
        #expect(small.text == "{}")
        let none = try client.send(HTTPClientRequest(method: "PUT", url: server.url("/echo")))
        #expect(none.header("X-Body-Kind") == "empty")
    }

    @Test(arguments: [false, true])
    func largeBodyRoundTripsThroughCurl(chunked: Bool) throws {
        let server = try TestServer()
        defer { server.stop() }
        let payload = sampleBytes(Self.size, seed: chunked ? 3 : 4)
        let input = server.workDirectory.appendingPathComponent("payload.bin")
        let output = server.workDirectory.appendingPathComponent("echoed.bin")
        try payload.write(to: input)
        var arguments = ["curl", "-s", "-S", "-f", "--data-binary", "@\(input.path)", "-H", "Content-Type: application/octet-stream",
                         "-o", output.path, "-D", "-"]
        if chunked { arguments += ["-H", "Transfer-Encoding: chunked"] }
        let curl = try runTool(arguments + [server.url("/echo")])
        #expect(curl.status == 0, "\(curl.stderr)")
        #expect(curl.text.contains("X-Body-Kind: file"))
        #expect(try Data(contentsOf: output) == payload)
    }

    @Test func fileUploadStreamsFromDisk() throws {
        let server = try TestServer()
        defer { server.stop() }
        let payload = sampleBytes(2 * 1024 * 1024 + 17, seed: 9)
        let input = server.workDirectory.appendingPathComponent("artifact.zip")
        try payload.write(to: input)
        let response = try HTTPClient().send(HTTPClientRequest(method: "PUT", url: server.url("/echo"), body: .file(input)))
        #expect(response.header("X-Method") == "PUT")
        #expect(response.body == payload)
    }

    @Test func clientThatDisconnectsMidUploadLeavesNothingBehind() throws {
        let server = try TestServer()
        defer { server.stop() }
        let script = """
        import socket
        s = socket.create_connection(("127.0.0.1", \(server.server.port)))
        s.sendall(b"POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 10000000\\r\\n\\r\\n")
        s.sendall(b"x" * 3000000)
        s.close()
        """
        let python = try runTool(["python3", "-c", script])
        #expect(python.status == 0, "\(python.stderr)")
        // The server cleans up when it notices the closed connection.
        var leftovers: [String] = []
        for _ in 0..<50 {
            leftovers = try FileManager.default.contentsOfDirectory(atPath: server.spillDirectory.path)
            if leftovers.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(leftovers.isEmpty)
        #expect(server.spilledFiles.all.isEmpty)   // the handler never ran
        #expect(try HTTPClient().send(HTTPClientRequest(url: server.url("/hello"))).text == "hello")
    }
}
