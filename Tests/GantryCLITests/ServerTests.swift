import Foundation
import GantryTestSupport
import Testing

/// `gantry server` and `gantry runner`, driven by the clients users have: git over HTTP and
/// python-gitlab (from PyPI) against the v4 API.
@Suite(.serialized) struct ServerTests {
    /// The example library pushed over HTTP runs green on the in-process runner; python-gitlab
    /// sees the group's projects, the pipeline, its jobs, a trace and the artifacts.
    @Test func pushedExampleLibraryPipelineSucceeds() throws {
        let server = try ServerProcess(arguments: ["--runner", "--runner-concurrency", "2"])
        defer { server.stop() }
        _ = try server.python("""
            top = gl.groups.create({"name": "Acme", "path": "acme"})
            libs = gl.groups.create({"name": "Libs", "path": "libs", "parent_id": top.id})
            gl.projects.create({"name": "pvoutput", "namespace_id": libs.id})
            """)
        try server.useWheelhouse("acme/libs/pvoutput")
        let repo = try ServerProcess.repository(example: "pvoutput")
        try GantryProcess.git(["push", "-q", server.gitURL("acme/libs/pvoutput"), "main"], in: repo)
        let out = try server.python("""
            top = gl.groups.get("acme")
            projects = top.projects.list(include_subgroups=True, get_all=True)
            print("projects", [p.path_with_namespace for p in projects])
            project = gl.projects.get("acme/libs/pvoutput")
            p = wait_for(project, first_pipeline(project).id)
            print("pipeline", p.status, p.ref, p.source)
            failed_traces(project, p)
            sys.stdout.flush()
            jobs = p.jobs.list(get_all=True)
            print("jobs", sorted((j.name, j.status) for j in jobs))
            build = project.jobs.get([j.id for j in jobs if j.name == "build"][0])
            trace = build.trace().decode()
            print("trace-has-success", "Job succeeded" in trace)
            names = zipfile.ZipFile(io.BytesIO(build.artifacts())).namelist()
            print("artifacts", sorted(n.rsplit(".", 1)[-1] for n in names if n.startswith("dist/pvoutput-")))
            report = p.test_report.get()
            print("tests", report.total_count, report.failed_count)
            """)
        #expect(out.contains("projects ['acme/libs/pvoutput']"), "\(out)")
        #expect(out.contains("pipeline success main push"), "\(out)\n\(server.log)")
        #expect(out.contains("('build', 'success')") && out.contains("('unit-tests', 'success')"), "\(out)")
        #expect(out.contains("trace-has-success True"))
        #expect(out.contains("artifacts ['gz', 'whl']"), "\(out)")
        #expect(out.contains("tests 13 0"), "\(out)")
    }

    /// A push of an invalid `.gitlab-ci.yml` makes a failed pipeline whose error is the lint message.
    @Test func invalidConfigurationMakesFailedPipelineWithLintError() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        _ = try server.python(#"gl.projects.create({"name": "broken"})"#)
        let yaml = "stages: [build]\nbuild:\n  stage: build\n  scrpt: [echo hi]\n"
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": yaml])
        let lint = try GantryProcess.run(["lint"], in: repo)
        #expect(lint.status == 1)
        #expect(lint.stderr.contains(".gitlab-ci.yml:2:1: jobs build config should implement the script:"), "\(lint.stderr)")
        try GantryProcess.git(["push", "-q", server.gitURL("root/broken"), "main"], in: repo)
        let out = try statusAndYAMLErrors(server, "root/broken")
        #expect(out.hasPrefix("failed\n"), "\(out)")
        // The same findings `gantry lint` gives for that file.
        #expect(out.dropFirst("failed\n".count) == Substring(lint.stderr), "\(out)")
    }

    /// The server reads `.gitlab-ci.yml` as bytes: invalid UTF-8 is a failed pipeline with the
    /// error `gantry lint` gives, never a file silently "repaired" and run.
    @Test func invalidUTF8ConfigurationMakesFailedPipeline() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        _ = try server.python(#"gl.projects.create({"name": "latin1"})"#)
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": "job:\n  script: [echo]\n"])
        let bytes = Array("job:\n  script: [\"echo ".utf8) + [0xFF, 0xFE] + Array(" bad\"]\n".utf8)
        try Data(bytes).write(to: repo.appendingPathComponent(".gitlab-ci.yml"))
        try GantryProcess.git(["commit", "-q", "-am", "latin1"], in: repo)
        try GantryProcess.git(["push", "-q", server.gitURL("root/latin1"), "main"], in: repo)
        let out = try statusAndYAMLErrors(server, "root/latin1")
        #expect(out.hasPrefix("failed\n"), "\(out)")
        #expect(out.contains(".gitlab-ci.yml:2:18: invalid leading UTF-8 octet (byte 0xFF)"), "\(out)")
    }

    /// The first pipeline's status and `yaml_errors`, one per line, as python-gitlab reads them.
    private func statusAndYAMLErrors(_ server: ServerProcess, _ project: String) throws -> String {
        try server.python("""
            project = gl.projects.get("\(project)")
            p = project.pipelines.get(first_pipeline(project).id)
            print(p.status)
            print(p.yaml_errors)
            """)
    }
}
