import Foundation
import GantryHTTP
import Testing

@Suite struct ServerRoutingTests {
    @Test func paramsKeepEncodedSlashesUntilRouted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = HTTPClient()
        let response = try client.send(HTTPClientRequest(url: server.url("/api/v4/projects/group%2Fsub%2Fproj/pipelines?ref=feature%2Fx")))
        #expect(response.status == 200)
        let json = try jsonObject(response.body)
        #expect(json["id"] as? String == "group/sub/proj")
        #expect(json["path"] as? String == "/api/v4/projects/group%2Fsub%2Fproj/pipelines")
        #expect(json["ref"] as? String == "feature/x")

        // The same through the curl command line.
        let curl = try runTool(["curl", "-s", "-g", server.url("/api/v4/projects/42/pipelines")])
        #expect(try jsonObject(curl.stdout)["id"] as? String == "42")
    }

    @Test func queryIsDecodedInOrder() throws {
        let server = try TestServer()
        defer { server.stop() }
        let curl = try runTool(["curl", "-s", "-g", server.url("/query?a=1&b=x+y%20z&a=2&flag&scope[]=running&e=%E2%9C%93&bad=%zz")])
        let json = try jsonObject(curl.stdout)
        let pairs = json["pairs"] as? [[String]] ?? []
        #expect(pairs == [["a", "1"], ["b", "x y z"], ["a", "2"], ["flag", ""], ["scope[]", "running"], ["e", "✓"], ["bad", "%zz"]])
        #expect(json["raw"] as? String == "a=1&b=x+y%20z&a=2&flag&scope[]=running&e=%E2%9C%93&bad=%zz")
    }

    @Test func unknownRoutesAndWrongMethodsGet404JSON() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = HTTPClient()
        for (method, path) in [("GET", "/nope"), ("DELETE", "/hello"), ("GET", "/api/v4/projects//pipelines"), ("GET", "/")] {
            let response = try client.send(HTTPClientRequest(method: method, url: server.url(path)))
            #expect(response.status == 404, "\(method) \(path)")
            #expect(response.header("content-type") == "application/json")
            #expect(response.text == #"{"message":"404 Not Found"}"#)
        }
    }

    @Test func wildcardTakesTheRestOfThePath() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = HTTPClient()
        let response = try client.send(HTTPClientRequest(url: server.url("/git/group/sub/proj.git/info/refs?service=git-upload-pack")))
        #expect(response.text == "git group/sub/proj.git/info/refs")
    }

    @Test func thrownHTTPErrorsBecomeTheirResponse() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = HTTPClient()
        let denied = try client.send(HTTPClientRequest(url: server.url("/auth")))
        #expect(denied.status == 401)
        #expect(denied.text == #"{"message":"401 Unauthorized"}"#)
        let curl = try runTool(["curl", "-s", "-u", "gitlab-ci-token:s3cr:et", server.url("/auth")])
        #expect(curl.text == "gitlab-ci-token:s3cr:et")
    }

    @Test func fileResponsesAndHead() throws {
        let server = try TestServer()
        defer { server.stop() }
        let content = sampleBytes(300_000)
        try content.write(to: server.workDirectory.appendingPathComponent("a.zip"))
        try content.write(to: server.workDirectory.appendingPathComponent("b.zip"))
        let client = HTTPClient()

        let response = try client.send(HTTPClientRequest(url: server.url("/file/a.zip")))
        #expect(response.status == 200)
        #expect(response.body == content)
        #expect(response.header("Content-Type") == "application/zip")
        #expect(response.header("Content-Length") == "300000")

        let head = try client.send(HTTPClientRequest(method: "HEAD", url: server.url("/file/a.zip")))
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.header("Content-Length") == "300000")

        let curlHead = try runTool(["curl", "-s", "-I", server.url("/hello")])
        #expect(curlHead.text.hasPrefix("HTTP/1.1 200"))
        #expect(curlHead.text.lowercased().contains("content-length: 5\r\n"))

        let deleted = try client.send(HTTPClientRequest(url: server.url("/file/b.zip?delete=1")))
        #expect(deleted.body == content)
        #expect(!FileManager.default.fileExists(atPath: server.workDirectory.appendingPathComponent("b.zip").path))

        let missing = try client.send(HTTPClientRequest(url: server.url("/file/missing.zip")))
        #expect(missing.status == 500)
    }
}
