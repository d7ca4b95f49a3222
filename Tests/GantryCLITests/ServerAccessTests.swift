import Foundation
import GantryTestSupport
import Testing

/// Who may do what: tokens for git and the API, job tokens that die with their job, `gantry
/// admin` on the data directory, runner registration.
@Suite(.serialized) struct ServerAccessTests {
    @Test func gitNeedsTheRightTokenAndJobTokensEndWithTheirJob() throws {
        let server = try ServerProcess(arguments: ["--runner"])
        defer { server.stop() }
        // The job keeps its token in an artifact, to try it once the job is over.
        let yaml = """
            keep-token:
              script:
                - git clone -q "http://gitlab-ci-token:${CI_JOB_TOKEN}@${CI_SERVER_HOST}:${CI_SERVER_PORT}/root/private.git" clone
                - echo "$CI_JOB_TOKEN" > token.txt
              artifacts:
                paths: [token.txt]

            """
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": yaml])
        _ = try server.python(#"gl.projects.create({"name": "private"})"#)

        let push = try Waiting.run(URL(fileURLWithPath: "/usr/bin/git"),
                                   ["-C", repo.path, "push", "-q", server.gitURL("root/private", token: "glpat-wrong"), "main"],
                                   environment: ["GIT_TERMINAL_PROMPT": "0", "PATH": "/usr/bin:/bin"], waitingFor: "a push with a wrong token")
        #expect(push.status != 0, "a push with a wrong token must fail")

        try GantryProcess.git(["push", "-q", server.gitURL("root/private"), "main"], in: repo)
        let out = try server.python("""
            import requests
            project = gl.projects.get("root/private")
            p = wait_for(project, first_pipeline(project).id)
            print("pipeline", p.status)
            job = p.jobs.list()[0]
            token = zipfile.ZipFile(io.BytesIO(project.jobs.get(job.id).artifacts())).read("token.txt").decode().strip()
            r = requests.get(gl.url + "/api/v4/job", headers={"JOB-TOKEN": token})
            print("after the job", r.status_code)
            r = requests.get(gl.url + "/api/v4/projects/root%2Fprivate")
            print("anonymous", r.status_code)
            """)
        #expect(out.contains("pipeline success"), "\(out)\n\(server.log)")
        #expect(out.contains("after the job 401"), "\(out)")
        #expect(out.contains("anonymous 404"), "\(out)")
    }

    @Test func adminCommandsAndRunnerTokens() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let data = server.data.path
        #expect(try GantryProcess.run(["admin", "--data", data, "user", "create", "alice"]).status == 0)
        let token = try GantryProcess.run(["admin", "--data", data, "token", "create", "alice"])
        #expect(token.status == 0 && token.stdout.hasPrefix("glpat-"), "\(token.stderr)")
        #expect(try GantryProcess.run(["admin", "--data", data, "group", "create", "acme"]).status == 0)
        #expect(try GantryProcess.run(["admin", "--data", data, "project", "create", "acme/tool"]).status == 0)
        // A subgroup's full path is its parent's followed by its own (GroupCreator, as the API's).
        #expect(try GantryProcess.run(["admin", "--data", data, "group", "create", "libs", "--parent", "acme"]).status == 0)
        #expect(try GantryProcess.run(["admin", "--data", data, "project", "create", "acme/libs/core"]).status == 0)
        let again = try GantryProcess.run(["admin", "--data", data, "project", "create", "acme/tool"])
        #expect(again.status == 1 && again.stderr.contains("already been taken"), "\(again.stderr)")

        let out = try server.python("""
            alice = gitlab.Gitlab(gl.url, private_token="\(token.stdout.trimmingCharacters(in: .whitespacesAndNewlines))")
            alice.auth()
            print("alice", alice.user.username, alice.user.is_admin)
            print("group projects", [p.path_with_namespace for p in gl.groups.get("acme").projects.list()])
            print("subgroup", gl.groups.get("acme/libs").full_path, [p.path_with_namespace for p in gl.groups.get("acme/libs").projects.list()])
            r = gl.http_post("/user/runners", post_data={"runner_type": "instance_type", "tag_list": "py"})
            print("runner token", r["token"][:5])
            """)
        #expect(out.contains("alice alice False"), "\(out)")
        #expect(out.contains("group projects ['acme/tool']"), "\(out)")
        #expect(out.contains("subgroup acme/libs ['acme/libs/core']"), "\(out)")
        let runnerToken = try #require(out.split(separator: "\n").first { $0.hasPrefix("runner token") })
        #expect(runnerToken.hasSuffix("glrt-"))

        let config = server.data.deletingLastPathComponent().appendingPathComponent("runner-\(UUID().uuidString).json")
        let bad = try GantryProcess.run(["runner", "register", "--url", server.url, "--token", "not-the-token", "--config", config.path])
        #expect(bad.status == 1 && bad.stderr.contains("403"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: config.path))
        let good = try GantryProcess.run(["runner", "register", "--url", server.url, "--token", ServerProcess.registrationToken,
                                          "--tag", "py", "--config", config.path])
        #expect(good.status == 0, "\(good.stderr)")
        let saved = try String(contentsOf: config, encoding: .utf8)
        #expect(saved.contains("\"glrt-") && saved.contains("\"py\""), "\(saved)")
    }
}
