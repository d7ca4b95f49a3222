import Foundation
import GantryTestSupport
import Testing

/// `gantry lint` on the seed pipelines, the examples and scratch projects: the Python checks'
/// warnings as users see them (stderr, `file:line:col: warning: …`, exit status 0).
@Suite(.serialized) struct PythonPipelineChecksCLITests {
    func lint(_ file: String, in directory: URL = GantryProcess.repositoryRoot) throws -> GantryProcess.Result {
        try GantryProcess.run(["lint", "--file", file], in: directory)
    }

    @Test(arguments: ["pvoutput", "pvoutput-poetry"])
    func examplesLintWithoutWarnings(_ example: String) throws {
        let r = try lint("examples/\(example)/.gitlab-ci.yml")
        #expect(r.status == 0)
        #expect(r.stdout == "valid\n")
        #expect(r.stderr.isEmpty, "warnings: \(r.stderr)")
    }

    @Test func completeSeedWarnsAboutTheDryRunFallbackAndTheVersionArtifact() throws {
        let r = try lint("Tests/Fixtures/seeds/004-complete.yml")
        #expect(r.status == 0)
        #expect(r.stdout == "valid\n")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 2, "\(r.stderr)")
        #expect(r.stderr.contains("004-complete.yml:38:9: warning: artifacts path `${VERSION_PATH}` expands to `/VERSION` "
                                  + "(VERSION_PATH is `${SOURCE_DIR}/VERSION`, SOURCE_DIR is empty)"))
        #expect(r.stderr.contains("004-complete.yml:197:7: warning: `… && poetry publish … || poetry publish --repository nexus --dry-run` is not an if/else"))
    }

    @Test func poetrySeedPublishesOnEveryBranch() throws {
        let r = try lint("Tests/Fixtures/seeds/003-poetry.yml")
        #expect(r.status == 0)
        #expect(r.stderr.hasPrefix("Tests/Fixtures/seeds/003-poetry.yml:57:7: warning: `poetry publish` runs in job `build` on branch and merge-request pipelines"),
                "\(r.stderr)")
    }

    /// Seed 001's before_script and seed 000's build job, in pipelines GitLab accepts, next to
    /// seed 000's pyproject.toml.
    @Test func seedSlipsInAScratchProject() throws {
        let dir = try GantryProcess.project([
            ".gitlab-ci.yml": """
                image: python:3.11-slim-bullseye
                before_script:
                  - apt install python:3.6-slim
                  - python -V
                stages: [build, test]
                build:
                  stage: build
                  script:
                    - sed -i "s/name = \\".*\\"/name = \\"${NORMALIZED_NAME}\\"/" pyproject.toml
                    - python -m build
                  artifacts:
                    paths: [dist/, pyproject.toml]
                  cache:
                    paths: [$HOME/.cache/pip]
                test:
                  cache:
                    paths: [.venv/]
                  script:
                    - pip install poetry && poetry install
                    - poetry run pytest
                    - twine upload dist/*

                """,
            "pyproject.toml": """
                [project]
                name = ""
                version = "<1.0.0>"
                authors = [
                {name = "", email = "ci@example.com"},
                ]

                """,
        ])
        let r = try lint(".gitlab-ci.yml", in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "valid\n")
        let expected = [
            ".gitlab-ci.yml:3:5: warning: `apt install python:3.6-slim` asks apt for a Debian package",
            ".gitlab-ci.yml:9:7: warning: sed pattern `s/name = \".*\"/…/` is not anchored to the start of a line or limited to a table, so it rewrites more of pyproject.toml than `name` (line 2): it also matches line 5 (`{name = \"\", email = \"ci@example.com\"},`)",
            ".gitlab-ci.yml:9:7: warning: `\".*\"` in sed pattern `s/name = \".*\"/…/` is greedy: on line 5 of pyproject.toml",
            ".gitlab-ci.yml:14:13: warning: cache path `$HOME/.cache/pip`: the runner user's home",
            ".gitlab-ci.yml:19:7: warning: `poetry install` runs in a job that caches `.venv` (line 17)",
            ".gitlab-ci.yml:21:7: warning: `twine upload` runs in job `test` on branch and merge-request pipelines",
        ]
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == expected.count, "\(r.stderr)")
        for (line, prefix) in zip(lines, expected) {
            #expect(line.hasPrefix(prefix), "\(line)\nwant prefix: \(prefix)")
        }
    }

    @Test func nearMissesStayQuiet() throws {
        let dir = try GantryProcess.project([
            ".gitlab-ci.yml": """
                job:
                  script:
                    - echo apt install python:3.6-slim
                    - twine --version
                  cache:
                    paths: [.cache/pip]

                """,
        ])
        let r = try lint(".gitlab-ci.yml", in: dir)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty, "\(r.stderr)")
    }
}
