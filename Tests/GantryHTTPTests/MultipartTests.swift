import Foundation
import GantryHTTP
import Testing

@Suite struct MultipartTests {
    @Test func parsesCurlFormWithSmallAndLargeFiles() throws {
        let server = try TestServer()
        defer { server.stop() }
        let wheel = sampleBytes(40_000, seed: 5)
        let artifact = sampleBytes(3 * 1024 * 1024, seed: 6)
        let wheelURL = server.workDirectory.appendingPathComponent("gantry-1.0-py3-none-any.whl")
        let artifactURL = server.workDirectory.appendingPathComponent("artifacts.zip")
        try wheel.write(to: wheelURL)
        try artifact.write(to: artifactURL)
        let curl = try runTool(["curl", "-s", "-S",
                                "-F", ":action=file_upload", "-F", "name=gantry", "-F", "version=1.0",
                                "-F", "content=@\(wheelURL.path);type=application/octet-stream",
                                "-F", "file=@\(artifactURL.path)",
                                server.url("/upload")])
        #expect(curl.status == 0, "\(curl.stderr)")
        let json = try jsonObject(curl.stdout)
        #expect(json["version"] as? String == "1.0")
        let parts = json["parts"] as? [[String: Any]] ?? []
        #expect(parts.map { $0["name"] as? String } == [":action", "name", "version", "content", "file"])
        #expect(parts[0]["value"] as? String == "file_upload")
        #expect(parts[3]["filename"] as? String == "gantry-1.0-py3-none-any.whl")
        #expect(parts[3]["contentType"] as? String == "application/octet-stream")
        #expect(parts[3]["backing"] as? String == "data")
        #expect(parts[4]["backing"] as? String == "file")
        #expect(parts[4]["count"] as? Int == artifact.count)
        #expect(try Data(contentsOf: URL(fileURLWithPath: parts[3]["savedTo"] as? String ?? "")) == wheel)
        #expect(try Data(contentsOf: URL(fileURLWithPath: parts[4]["savedTo"] as? String ?? "")) == artifact)
    }

    @Test func httpClientMultipartRoundTrip() throws {
        let server = try TestServer()
        defer { server.stop() }
        let artifact = sampleBytes(1_500_000, seed: 8)
        let artifactURL = server.workDirectory.appendingPathComponent("upload.zip")
        try artifact.write(to: artifactURL)
        let response = try HTTPClient().send(HTTPClientRequest(method: "POST", url: server.url("/upload"), multipart: [
            .text("version", "2.0 ✓"),
            .file("file", artifactURL, filename: "artifacts.zip", contentType: "application/zip"),
            .data("notes", Data("a\r\n--b".utf8), filename: "notes.txt", contentType: "text/plain"),
        ]))
        #expect(response.status == 200)
        let json = try jsonObject(response.body)
        #expect(json["version"] as? String == "2.0 ✓")
        let parts = json["parts"] as? [[String: Any]] ?? []
        #expect(parts.count == 3)
        #expect(parts[1]["filename"] as? String == "artifacts.zip")
        #expect(parts[1]["contentType"] as? String == "application/zip")
        #expect(try Data(contentsOf: URL(fileURLWithPath: parts[1]["savedTo"] as? String ?? "")) == artifact)
        #expect(try Data(contentsOf: URL(fileURLWithPath: parts[2]["savedTo"] as? String ?? "")) == Data("a\r\n--b".utf8))
    }

    @Test func malformedFormIsA400() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = HTTPClient()
        let truncated = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue"
        let response = try client.send(HTTPClientRequest(method: "POST", url: server.url("/upload"),
                                                         headers: [("Content-Type", "multipart/form-data; boundary=XyZ")],
                                                         body: .data(Data(truncated.utf8))))
        #expect(response.status == 400)
        #expect(response.text.contains("closing boundary"))
    }

    @Test func parsesQuotedBoundaryPreambleAndEscapedNames() throws {
        let body = "preamble\r\n--a b\r\nContent-Disposition: form-data; name=\"x\\\"y\"; filename=\"f;1.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\nline1\r\nline2\r\n--a b\r\nContent-Disposition: form-data; name=empty\r\n\r\n\r\n--a b--\r\n"
        let form = try MultipartForm(body: .data(Data(body.utf8)), contentType: "multipart/form-data; boundary=\"a b\"")
        #expect(form.parts.count == 2)
        #expect(form.parts[0].name == "x\"y")
        #expect(form.parts[0].filename == "f;1.txt")
        #expect(form.parts[0].contentType == "text/plain")
        #expect(form.value("x\"y") == "line1\r\nline2")
        #expect(form.value("empty") == "")
        #expect(form.value("missing") == nil)
    }

    @Test(arguments: [
        ("text/plain", "", "not multipart"),
        ("multipart/form-data", "", "no boundary"),
        ("multipart/form-data; boundary=q", "nothing here", "does not contain the boundary"),
        ("multipart/form-data; boundary=q", "--q\r\nContent-Disposition: form-data; name=\"a\"\r\nvalue\r\n--q--", "not terminated"),
        ("multipart/form-data; boundary=q", "--q\r\nContent-Type: text/plain\r\n\r\nv\r\n--q--", "no Content-Disposition"),
        ("multipart/form-data; boundary=q", "--q\r\nContent-Disposition: form-data\r\n\r\nv\r\n--q--", "no name"),
    ])
    func malformedInputsNameTheProblem(contentType: String, body: String, expected: String) {
        do {
            _ = try MultipartForm(body: .data(Data(body.utf8)), contentType: contentType)
            Issue.record("no error for \(body)")
        } catch let error as MultipartError {
            #expect(error.description.contains(expected), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
