import Foundation
import GantryTestSupport
import Testing

/// CI lint through python-gitlab: `gl.ci_lint` and `project.ci_lint` answer with what
/// `gantry lint` finds (its errors, and the Python checks' warnings), in GitLab's shape.
@Suite(.serialized) struct ServerLintAPITests {
    /// Seed 001's slip (`apt install` of an image tag) in a file the pipeline includes.
    static let extra = """
        .setup:
          before_script:
            - apt install python:3.6-slim

        """
    static let yaml = """
        include: ci/extra.yml
        image: python:3.11-slim
        test:
          extends: .setup
          script: [python -V]
          rules:
            - if: $CI_COMMIT_BRANCH == "main"
        release:
          script: [echo release]
          rules:
            - if: $CI_COMMIT_TAG

        """

    @Test func lintAnswersWithGantryLintsFindingsInGitLabsShape() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": Self.yaml, "ci/extra.yml": Self.extra])
        let lint = try GantryProcess.run(["lint"], in: repo)
        #expect(lint.status == 0, "\(lint.stderr)")
        let warning = lint.stderr.split(separator: "\n").first.map { $0.replacingOccurrences(of: ": warning: ", with: ": ") } ?? ""
        #expect(warning.hasPrefix("ci/extra.yml:3:7: `apt install python:3.6-slim`"), "\(lint.stderr)")
        _ = try server.python(#"gl.projects.create({"name": "lint"})"#)
        try GantryProcess.git(["push", "-q", server.gitURL("root/lint"), "main"], in: repo)
        let out = try server.python(#"""
            import json
            project = gl.projects.get("root/lint")
            r = gl.ci_lint.create({"content": "job:\n  script: [echo hi]\n"})
            print("global", r.status, r.valid, r.errors, r.warnings)
            try:
                gl.ci_lint.validate({"content": "job:\n  scrip: [echo hi]\n"})
            except gitlab.exceptions.GitlabCiLintError as e:
                print("global invalid", str(e).splitlines())
            content = project.files.raw(".gitlab-ci.yml", ref="main").decode()
            r = project.ci_lint.create({"content": content, "include_jobs": True})
            print("static", r.valid, r.errors, sorted(j["name"] for j in r.jobs))
            for w in r.warnings:
                print("warning", w)
            print("includes", [(i["type"], i["location"], i["context_project"]) for i in r.includes])
            r = project.ci_lint.create({"content": content, "dry_run": True, "include_jobs": True, "ref": "main"})
            print("dry run", r.valid, [(j["name"], j["stage"], j["before_script"]) for j in r.jobs])
            r = project.ci_lint.create({"content": content, "dry_run": True, "ref": "no-such-branch"})
            print("dry run elsewhere", r.valid, r.errors)
            r = project.ci_lint.get(include_jobs=True)
            print("get", r.valid, sorted(json.loads(r.merged_yaml)), sorted(j["name"] for j in r.jobs))
            r = project.ci_lint.create({"content": "stages: [build]\njob:\n  stage: deploy\n  script: [x]\n"})
            print("invalid", r.valid, r.errors)
            rita, _, as_rita = person("rita")
            project.members.create({"user_id": rita.id, "access_level": 20})
            try:
                as_rita.projects.get(project.id, lazy=True).ci_lint.create({"content": content})
            except gitlab.exceptions.GitlabCreateError as e:
                print("reporter", e.response_code)
            print("reporter reads", as_rita.projects.get(project.id, lazy=True).ci_lint.get().valid)
            """#)
        #expect(out.contains("global valid True [] []"), "\(out)")
        #expect(out.contains("global invalid ['.gitlab-ci.yml:1:1: jobs job config should implement the script:, run:, or trigger: keyword,'"), "\(out)")
        #expect(out.contains("static True [] ['release', 'test']"), "\(out)")
        #expect(out.contains("warning \(warning)"), "\(out)")
        #expect(out.contains("includes [('local', 'ci/extra.yml', 'root/lint')]"), "\(out)")
        #expect(out.contains("dry run True [('test', 'test', ['apt install python:3.6-slim'])]"), "\(out)")
        #expect(out.contains("dry run elsewhere False ['Reference not found']"), "\(out)")
        #expect(out.contains("get True ['release', 'stages', 'test'] ['release', 'test']"), "\(out)")
        #expect(out.contains("invalid False ['.gitlab-ci.yml:3:10: job job: chosen stage deploy does not exist; available stages are .pre, build, .post']"), "\(out)")
        #expect(out.contains("reporter 403"), "\(out)")
        #expect(out.contains("reporter reads True"), "\(out)")
    }
}
