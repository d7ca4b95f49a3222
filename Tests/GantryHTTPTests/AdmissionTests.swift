import Foundation
@testable import GantryHTTP
import Testing

/// The admission check sees a request's head before its body: refusals cost no read and no disk,
/// and bodies over the route's limit are 413s, whether their length is declared or streamed.
struct AdmissionTests {
    /// A server whose admission refuses requests without `X-Key: yes` and limits bodies to 1.5 MB
    /// (above the 1 MB spill threshold, so a taken body is spilled); the handler counts its calls.
    final class Guarded {
        let server: HTTPServer
        let spill: URL
        let handled = Counter()

        init() throws {
            spill = try makeTemporaryDirectory("admission")
            let handled = self.handled
            server = try HTTPServer(port: 0, temporaryDirectory: spill, admission: { head in
                guard head.header("X-Key") == "yes" else { return .refuse(.message(status: 401, "401 Unauthorized")) }
                return .accept(bodyLimit: 1_500_000)
            }) { request in
                handled.increment()
                return .text("got \((try? request.bodyData().count) ?? -1)")
            }
        }

        var port: Int { server.port }
        var spilled: [String] { (try? FileManager.default.contentsOfDirectory(atPath: spill.path)) ?? [] }
    }

    /// Sends a raw request with python's sockets and returns the status line and body.
    private func raw(_ port: Int, headers: String, body: String) throws -> String {
        let script = """
            import socket
            s = socket.create_connection(("127.0.0.1", \(port)))
            s.sendall(b"POST /x HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\(headers)\\r\\n")
            try:
            \(body)
            except OSError:
                pass
            s.settimeout(30)
            answer = b""
            while True:
                chunk = s.recv(65536)
                if not chunk: break
                answer += chunk
            print(answer.split(b"\\r\\n")[0].decode(), answer.split(b"\\r\\n\\r\\n", 1)[-1].decode())
            """
        let result = try runTool(["python3", "-c", script])
        return String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func refusedRequestsAreAnsweredWithoutReadingTheirBody() throws {
        let guarded = try Guarded()
        defer { guarded.server.stop() }
        let answer = try raw(guarded.port, headers: "Content-Length: 4294967296\\r\\n", body: "    s.sendall(b'x' * 2000000)")
        #expect(answer.hasPrefix("HTTP/1.1 401"), "\(answer)")
        #expect(answer.hasSuffix(#"{"message":"401 Unauthorized"}"#), "\(answer)")
        #expect(guarded.handled.count == 0)
        #expect(guarded.spilled.isEmpty, "\(guarded.spilled)")
    }

    @Test func declaredBodiesOverTheLimitAre413BeforeTheyAreRead() throws {
        let guarded = try Guarded()
        defer { guarded.server.stop() }
        let answer = try raw(guarded.port, headers: "X-Key: yes\\r\\nContent-Length: 4294967296\\r\\n", body: "    s.sendall(b'x' * 65536)")
        #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer)")
        #expect(answer.hasSuffix(#"{"message":"413 Request Entity Too Large"}"#), "\(answer)")
        #expect(guarded.handled.count == 0)
        #expect(guarded.spilled.isEmpty)
    }

    @Test func chunkedBodiesOverTheLimitAre413AndLeaveNoFile() throws {
        let guarded = try Guarded()
        defer { guarded.server.stop() }
        let chunks = "    for _ in range(3): s.sendall(b'100000\\r\\n' + b'x' * 0x100000 + b'\\r\\n')\n    s.sendall(b'0\\r\\n\\r\\n')"
        let answer = try raw(guarded.port, headers: "X-Key: yes\\r\\nTransfer-Encoding: chunked\\r\\n", body: chunks)
        #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer)")
        #expect(guarded.handled.count == 0)
        #expect(guarded.spilled.isEmpty, "\(guarded.spilled)")
    }

    @Test func bodiesWithinTheLimitReachTheHandler() throws {
        let guarded = try Guarded()
        defer { guarded.server.stop() }
        let response = try HTTPClient().send(HTTPClientRequest(method: "POST", url: "http://127.0.0.1:\(guarded.port)/x",
                                                               headers: [("X-Key", "yes")], body: .data(sampleBytes(1_200_000))))
        #expect(response.status == 200)
        #expect(response.text == "got 1200000")
        #expect(guarded.handled.count == 1)
    }
}
