import Foundation
import GantryTestSupport
import Testing

/// root's first password for the web UI: generated and printed once at the first start, never
/// again, and it signs in (checked with curl, as a script would).
@Suite(.serialized) struct RootPasswordTests {
    @Test func generatedOnceAtFirstStartAndItSignsIn() throws {
        let first = try ServerProcess()
        let marker = "root's password for the web UI (shown once): "
        guard let line = first.log.split(separator: "\n").first(where: { $0.contains(marker) }) else {
            first.stop()
            Issue.record("no password line in:\n\(first.log)")
            return
        }
        let password = String(line.components(separatedBy: marker)[1]).trimmingCharacters(in: .whitespaces)
        #expect(password.count >= 8)
        first.stop()

        let again = try ServerProcess(data: first.data)
        defer { again.stop() }
        #expect(!again.log.contains(marker), "\(again.log)")
        let jar = first.data.appendingPathComponent("cookies").path
        let form = try Waiting.run(URL(fileURLWithPath: "/usr/bin/curl"), ["-s", "-c", jar, again.url + "/users/sign_in"],
                                   waitingFor: "the sign-in form")
        let token = form.stdout.components(separatedBy: #"name="authenticity_token" value=""#)[1].prefix { $0 != "\"" }
        let signIn = try Waiting.run(URL(fileURLWithPath: "/usr/bin/curl"),
                                     ["-s", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "-b", jar, "-c", jar,
                                      "--data-urlencode", "authenticity_token=\(token)", "--data-urlencode", "username=root",
                                      "--data-urlencode", "password=\(password)", again.url + "/users/sign_in"],
                                     waitingFor: "the sign-in")
        #expect(signIn.stdout == "303 \(again.url)/", "\(signIn.stdout)")
        let dashboard = try Waiting.run(URL(fileURLWithPath: "/usr/bin/curl"), ["-s", "-b", jar, again.url + "/"], waitingFor: "the dashboard")
        #expect(dashboard.stdout.contains("@root"), "\(dashboard.stdout)")
    }
}
