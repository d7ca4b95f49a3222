import Foundation
import GantryHTTP
import Testing

@Suite struct RouterTests {
    private func router() -> Router {
        var router = Router()
        router.add("GET", "/api/v4/projects/:id") { .text("project \($0.params["id"] ?? "")") }
        router.add("GET", "/api/v4/projects/search") { _ in .text("search") }
        router.add("GET", "/api/v4/projects/:id/jobs/:job_id/trace") { .text("trace \($0.params["id"]!) \($0.params["job_id"]!)") }
        router.add("POST", "/api/v4/projects/:project_id/jobs") { .text("create \($0.params["project_id"]!)") }
        router.add("GET", "/*path") { .text("git \($0.params["path"]!)") }
        router.add("GET", "/api/v4/boom") { _ in throw CocoaError(.fileNoSuchFile) }
        return router
    }

    private func text(_ router: Router, _ method: String, _ target: String) -> String {
        let response = router.handle(HTTPRequest(method: method, target: target))
        guard case .data(let data) = response.body else { return "" }
        return "\(response.status) " + String(decoding: data, as: UTF8.self)
    }

    @Test func literalsBeatParametersWhichBeatWildcards() {
        let router = router()
        #expect(text(router, "GET", "/api/v4/projects/search") == "200 search")
        #expect(text(router, "GET", "/api/v4/projects/a%2Fb") == "200 project a/b")
        #expect(text(router, "GET", "/api/v4/projects/7/") == "200 project 7")
        #expect(text(router, "GET", "/api/v4/projects/7/jobs/9/trace") == "200 trace 7 9")
        #expect(text(router, "POST", "/api/v4/projects/7/jobs") == "200 create 7")
        #expect(text(router, "GET", "/group/my%20proj.git/info/refs") == "200 git group/my proj.git/info/refs")
        #expect(text(router, "GET", "/api/v4/projects/7/jobs") == "200 git api/v4/projects/7/jobs")
    }

    @Test func headFallsBackToGetAndOtherMethodsDoNot() {
        let router = router()
        #expect(text(router, "HEAD", "/api/v4/projects/3") == "200 project 3")
        #expect(text(router, "DELETE", "/api/v4/projects/3") == #"404 {"message":"404 Not Found"}"#)
    }

    @Test func otherErrorsBecome500() {
        #expect(text(router(), "GET", "/api/v4/boom") == #"500 {"message":"500 Internal Server Error"}"#)
    }

    @Test func requestHelpers() {
        let request = HTTPRequest(method: "GET", target: "/x?private_token=abc&q=a+b",
                                  headers: [("Authorization", "Basic " + Data("user:pa:ss".utf8).base64EncodedString()),
                                            ("X-Gitlab-Token", "t")])
        #expect(request.path == "/x")
        #expect(request.query("q") == "a b")
        #expect(request.header("x-gitlab-token") == "t")
        #expect(request.basicAuth?.user == "user")
        #expect(request.basicAuth?.password == "pa:ss")
        #expect(HTTPRequest(method: "GET", target: "/").basicAuth == nil)
    }
}
