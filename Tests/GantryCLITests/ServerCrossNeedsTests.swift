import Foundation
import GantryTestSupport
import Testing

/// `needs: [{project:, job:, ref:}]` on a server: the runner downloads the other project's
/// artifacts from the job payload, as GitLab Runner does, when the other project's job token
/// allowlist lets this project in; a project it does not name gets nothing.
@Suite(.serialized) struct ServerCrossNeedsTests {
    /// root/library, whose job `compile` leaves `out.txt` (library-artifact) on main's pipeline.
    private func library(on server: ServerProcess) throws {
        _ = try server.python("gl.projects.create({'name': 'library'})")
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": """
            compile:
              script: [echo library-artifact > out.txt]
              artifacts: {paths: [out.txt]}
            """])
        try GantryProcess.git(["push", "-q", server.gitURL("root/library"), "main"], in: repo)
        let ready = try server.python("""
            lib = gl.projects.get("root/library")
            print("library", wait_for(lib, first_pipeline(lib).id).status)
            """)
        #expect(ready.contains("library success"), "\(ready)\n\(server.log)")
    }

    @Test func crossProjectNeedDownloadsArtifactsOnlyForAllowlistedProjects() throws {
        let server = try ServerProcess(arguments: ["--runner", "--runner-concurrency", "2"])
        defer { server.stop() }
        _ = try server.python("""
            for name in ["app", "sneaky"]:
                gl.projects.create({"name": name})
            """)
        try library(on: server)
        _ = try server.python("""
            lib = gl.projects.get("root/library")
            app = gl.projects.get("root/app")
            gl.http_post(f"/projects/{lib.id}/job_token_scope/allowlist", post_data={"target_project_id": app.id})
            """)
        let consumer = """
            use:
              script: [cat out.txt]
              needs:
                - project: root/library
                  job: compile
                  ref: main
            """
        for project in ["app", "sneaky"] {
            let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": consumer])
            try GantryProcess.git(["push", "-q", server.gitURL("root/\(project)"), "main"], in: repo)
        }
        let out = try server.python("""
            for name in ["app", "sneaky"]:
                project = gl.projects.get("root/" + name)
                p = wait_for(project, first_pipeline(project).id)
                job = [j for j in p.jobs.list(get_all=True) if j.name == "use"][0]
                trace = project.jobs.get(job.id).trace().decode()
                print(name, p.status, "library-artifact" in trace)
            """)
        #expect(out.contains("app success True"), "\(out)\n\(server.log)")
        // Not on the library's allowlist: its payload names no library job, so nothing to fetch.
        #expect(out.contains("sneaky failed False"), "\(out)")
    }

    @Test func gantryRunDownloadsCrossProjectArtifactsFromTheServer() throws {
        let server = try ServerProcess(arguments: ["--runner"])
        defer { server.stop() }
        try library(on: server)

        let app = try ServerProcess.repository(files: [".gitlab-ci.yml": """
            use:
              script: [cat out.txt]
              needs: [{project: root/library, job: compile, ref: main}]
            """])
        var environment = RunCrossNeedsTests.noServer
        environment["GANTRY_SERVER"] = server.url
        environment["GANTRY_TOKEN"] = ServerProcess.rootToken
        let r = try GantryProcess.run(["run"], in: app, environment: environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try GantryProcess.jobLog(app, "use").contains("library-artifact"))

        // A token the server refuses: the job fails before its script and says what it could not fetch.
        environment["GANTRY_TOKEN"] = "glpat-not-a-token"
        let refused = try GantryProcess.run(["run"], in: app, environment: environment)
        #expect(refused.status == 1)
        let log = try GantryProcess.jobLog(app, "use")
        #expect(log.contains("could not retrieve the needed artifacts: compile of project root/library (ref main)"), "\(log)")
        #expect(!log.contains("library-artifact"))
    }
}
