import Foundation
import GantryTestSupport
import Testing

/// The job page and artifacts in a real browser (Tests/GantryWebTests/Browser/job_log_check.py):
/// a running job's log grows without a reload, sections collapse, colours are spans, `<script>`
/// in a log line and in an artifact's name stays text, an HTML report opens sandboxed (its script
/// does not run), a 50 MB log's page carries only its tail and loads earlier parts on demand,
/// packages show with their install line after a twine upload, and a masked variable is managed
/// from the settings page without its value ever reaching the browser (which a Developer cannot open).
@Suite(.serialized) struct JobLogBrowserTests {
    static let rootPassword = "root-password-for-tests"

    @Test func jobLogFollowsLiveAndArtifactsOpenSandboxed() throws {
        let scratch = GantryProcess.scratchRoot.appendingPathComponent("joblog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let gate = scratch.appendingPathComponent("gate").path
        let server = try ServerProcess(arguments: ["--runner", "--runner-concurrency", "2",
                                                   "--initial-root-password", JobLogBrowserTests.rootPassword])
        defer { server.stop() }
        Waiting.say("job log browser test: server at \(server.url)")
        let developer = try GantryProcess.run(["admin", "--data", server.data.path, "user", "create", "dev",
                                               "--password", "dev-password-123"])
        #expect(developer.status == 0, "\(developer.stdout)\(developer.stderr)")
        _ = try server.python("""
            team = gl.groups.create({"name": "Team", "path": "team", "visibility": "private"})
            project = gl.projects.create({"name": "logs", "namespace_id": team.id, "visibility": "private"})
            project.members.create({"user_id": gl.users.list(username="dev")[0].id, "access_level": 30})
            """)
        let ci = #"""
            live:
              script:
                - printf '\033[31mred text\033[0m then <script>window.__xss=1</script> "><img src=x onerror=window.__xss=1>\n'
                - printf '\033[0Ksection_start:%s:prepare_step[collapsed=true]\r\033[0KPreparing things\n' "$(date +%s)"
                - echo 'inside the section'
                - sleep 2
                - printf '\033[0Ksection_end:%s:prepare_step\r\033[0K\n' "$(date +%s)"
                - mkdir -p public/nested
                - printf '<html><body><p id="content">Report body</p><script>window.parent.__xss=1; document.title="ran"</script></body></html>' > public/index.html
                - printf 'nested file' > public/nested/notes.txt
                - printf 'odd' > 'public/"><img src=x onerror=window.__xss=1>.txt'
                - 'while [ ! -f GATE ]; do sleep 0.2; done'
                - echo 'line written after the page opened'
                - sleep 1
              artifacts:
                paths: [public/]
            big:
              script:
                # 2 MB a second: the runner sends at most 1 MB of log every half second, and what
                # it has not sent when the job ends is lost. yes ends on SIGPIPE (hence || true).
                - 'for i in $(seq 1 25); do yes "a log line padded to make fifty megabytes ................................" | head -c 2097152 || true; sleep 1.2; done'
                - sleep 5
                - echo 'the very last line'
            """#.replacingOccurrences(of: "GATE", with: gate)
        try BrowserChecks.push(server, "team/logs", ci)
        let ids = try server.python("""
            project = gl.projects.get("team/logs")
            deadline = time.time() + patient(180)
            while time.time() < deadline:
                jobs = {j.name: j for j in project.jobs.list(get_all=True)}
                if "live" in jobs and "big" in jobs and jobs["live"].status == "running" and jobs["big"].status == "success":
                    break
                time.sleep(0.3)
            else:
                raise SystemExit(f"jobs did not start/finish: { {n: j.status for n, j in jobs.items()} }")
            print(json.dumps({"live": jobs["live"].id, "big": jobs["big"].id}))
            """)
        let setup: [String: Any] = [
            "token": ServerProcess.rootToken, "developer": ["dev", "dev-password-123"], "root_password": JobLogBrowserTests.rootPassword,
            "project": "team/logs", "jobs": try JSONSerialization.jsonObject(with: Data(ids.utf8)), "gate": gate,
        ]
        try BrowserChecks.run("job_log_check.py", setup, server: server, minimumChecks: 40, waitingFor: "the browser checks of the job page")
    }
}
