import Foundation
import GantryTestSupport
import Testing

/// The web UI in a real browser: a `gantry server --runner` with two groups whose projects
/// have passing, failing, running and manual pipelines (one carrying `<script>` and
/// `"><img onerror>` payloads in its branch, job, test and commit message), driven by Selenium
/// in headless Chromium (Tests/GantryWebTests/Browser/web_ui_check.py). Screenshots of each
/// page go to `.build/ui-screenshots/`.
@Suite(.serialized) struct WebUIBrowserTests {
    static let rootPassword = "root-password-for-tests"
    static let xssJob = #""><img src=x onerror=window.__xss=1>"#
    static let xssBranch = #"xss"><img/src/onerror=window.__xss=1>"#

    @Test func signedInPeopleSeeAndActOnPipelinesAndNothingInjectedRuns() throws {
        let scratch = GantryProcess.scratchRoot.appendingPathComponent("web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let marker = scratch.appendingPathComponent("flaky-marker").path
        let gate = scratch.appendingPathComponent("gate").path
        let server = try ServerProcess(arguments: ["--runner", "--runner-concurrency", "3",
                                                   "--initial-root-password", WebUIBrowserTests.rootPassword])
        defer { server.stop() }
        Waiting.say("web UI test: server at \(server.url)")

        // A person with a password from `gantry admin user create --password`, the brute-force target.
        let admin = try GantryProcess.run(["admin", "--data", server.data.path, "user", "create", "target",
                                           "--password", "target-password-1"])
        #expect(admin.status == 0, "\(admin.stdout)\(admin.stderr)")
        let outsider = try GantryProcess.run(["admin", "--data", server.data.path, "user", "create", "outsider",
                                              "--password", "outsider-password-1"])
        #expect(outsider.status == 0, "\(outsider.stdout)\(outsider.stderr)")

        _ = try server.python("""
            alpha = gl.groups.create({"name": "Alpha", "path": "alpha", "visibility": "private"})
            beta = gl.groups.create({"name": "Beta", "path": "beta", "visibility": "public"})
            gl.projects.create({"name": "app", "namespace_id": alpha.id, "visibility": "private"})
            gl.projects.create({"name": "deploy", "namespace_id": alpha.id, "visibility": "private"})
            gl.projects.create({"name": "lib", "namespace_id": beta.id, "visibility": "public"})
            gl.projects.create({"name": "slow", "namespace_id": beta.id, "visibility": "public"})
            gl.projects.create({"name": "secret", "namespace_id": beta.id, "visibility": "private"})
            """)
        let junit = #"<testsuite name="unit" tests="2" failures="1"><testcase classname="t" name="ok"/><testcase classname="t" name="bad &lt;img src=x onerror=window.__xss=1&gt;"><failure message="boom">trace &lt;script&gt;window.__xss=1&lt;/script&gt;</failure></testcase></testsuite>"#
        try BrowserChecks.push(server, "alpha/app", """
            stages: [build, test]
            build:
              stage: build
              script: [echo build]
            unit:
              stage: test
              needs: [build]
              script:
                - printf '%s' '\(junit)' > report.xml
                - exit 1
              artifacts:
                when: always
                reports:
                  junit: report.xml
            flaky:
              stage: test
              needs: [build]
              script:
                - test -f \(marker) || { touch \(marker); exit 1; }
            '\(WebUIBrowserTests.xssJob)':
              stage: test
              script: [echo payload]
            """, message: #"<script>window.__xss=1</script> "><img src=x onerror=window.__xss=1>"#,
            extraBranch: WebUIBrowserTests.xssBranch)
        try BrowserChecks.push(server, "alpha/deploy", """
            build:
              stage: build
              script: [echo build]
            deploy:
              stage: deploy
              needs: [build]
              when: manual
              allow_failure: false
              script: [echo deploying]
            """)
        try BrowserChecks.push(server, "beta/lib", "test:\n  script: [echo ok]\n")
        try BrowserChecks.push(server, "beta/slow", """
            wait:
              stage: test
              script:
                - 'while [ ! -f \(gate) ]; do sleep 0.2; done'
            after:
              stage: deploy
              needs: [wait]
              script: [echo done]
            """)
        let ids = try server.python("""
            def first(path, ref="main"):
                project = gl.projects.get(path)
                deadline = time.time() + patient(60)
                while time.time() < deadline:
                    ps = [p for p in project.pipelines.list(get_all=True) if p.ref == ref]
                    if ps:
                        return ps[-1].id
                    time.sleep(0.2)
                raise SystemExit(f"no pipeline for {path} {ref}")
            lib = gl.projects.get("beta/lib")
            print(json.dumps({"lib_job": wait_for(lib, first("beta/lib")).jobs.list(get_all=True)[0].id}))
            print(json.dumps({"app": first("alpha/app"), "deploy": first("alpha/deploy"), "slow": first("beta/slow"),
                              "lib": first("beta/lib"), "xss": first("alpha/app", \(pythonString(WebUIBrowserTests.xssBranch)))}))
            """)
        let lines = ids.split(separator: "\n").map(String.init)
        let setup: [String: Any] = [
            "root_password": WebUIBrowserTests.rootPassword,
            "target_user": "target", "target_password": "target-password-1", "public_project": "beta/lib",
            "outsider_user": "outsider", "outsider_password": "outsider-password-1",
            "pipelines": try JSONSerialization.jsonObject(with: Data(lines[1].utf8)), "gate": gate,
            "lib_job": (try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Int])?["lib_job"] ?? 0,
            "xss_job": WebUIBrowserTests.xssJob, "xss_branch": WebUIBrowserTests.xssBranch,
        ]
        try BrowserChecks.run("web_ui_check.py", setup, server: server, minimumChecks: 31, waitingFor: "the browser checks of the web UI")
    }

    private func pythonString(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes]), as: UTF8.self).dropFirst().dropLast().description
    }
}
