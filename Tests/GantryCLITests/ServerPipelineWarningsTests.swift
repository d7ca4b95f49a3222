import Foundation
import GantryTestSupport
import Testing

/// A pushed pipeline keeps its warnings: the API shows what `gantry lint` shows for the same file,
/// as GitLab's CI lint lists `warnings`, while the pipeline itself is valid (no `yaml_errors`).
@Suite(.serialized) struct ServerPipelineWarningsTests {
    @Test func pushedPipelineWithAPythonSlipShowsTheWarning() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        _ = try server.python(#"gl.projects.create({"name": "slips"})"#)
        // Seed 001's before_script: `apt install` of an image tag; GitLab accepts the pipeline.
        let yaml = """
            image: python:3.11-slim
            before_script:
              - apt install python:3.6-slim
            test:
              script: [python -V]

            """
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": yaml])
        let lint = try GantryProcess.run(["lint"], in: repo)
        #expect(lint.status == 0 && lint.stdout == "valid\n")
        #expect(lint.stderr.hasPrefix(".gitlab-ci.yml:3:5: warning: `apt install python:3.6-slim` asks apt for a Debian package"),
                "\(lint.stderr)")
        try GantryProcess.git(["push", "-q", server.gitURL("root/slips"), "main"], in: repo)

        let out = try server.python("""
            project = gl.projects.get("root/slips")
            p = project.pipelines.get(first_pipeline(project).id)
            print(p.yaml_errors)
            for w in p.warnings:
                print(w)
            """)
        // The same findings, each as `file:line:col: message`.
        let expected = lint.stderr.replacingOccurrences(of: ": warning: ", with: ": ")
        #expect(out == "None\n" + expected, "\(out)\n\(server.log)")
    }
}
