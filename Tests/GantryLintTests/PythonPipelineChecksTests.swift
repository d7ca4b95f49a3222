import Foundation
import GantryLint
import GantryPipeline
import GantryTestSupport
import GantryYAML
import Testing

/// `gantry lint`'s Python checks (docs/python-lint.md): each slip of the seed documents in a
/// small valid pipeline, and the near misses that must stay quiet.
@Suite struct PythonPipelineChecksTests {
    func warnings(_ yaml: String, files: [String: String] = [:],
                  sourceLocation: SourceLocation = #_sourceLocation) -> [Diagnostic] {
        let result = load(yaml, files: files)
        #expect(result.isValid, "not valid: \(result.diagnostics.errors.map(\.description))", sourceLocation: sourceLocation)
        return result.diagnostics.warnings
    }

    func expectQuiet(_ yaml: String, files: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) {
        let found = warnings(yaml, files: files, sourceLocation: sourceLocation)
        #expect(found.isEmpty, "unexpected: \(found.map(\.description))", sourceLocation: sourceLocation)
    }

    /// The one warning containing `text`, at `line` (and `column` when given).
    @discardableResult
    func expectWarning(_ yaml: String, files: [String: String] = [:], containing text: String, line: Int,
                       column: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> Diagnostic? {
        let found = warnings(yaml, files: files, sourceLocation: sourceLocation).filter { $0.message.contains(text) }
        #expect(found.count == 1, "want one warning with \(text); got \(found.map(\.description))",
                sourceLocation: sourceLocation)
        guard let d = found.first else { return nil }
        #expect(d.mark.line == line, "\(d.description)", sourceLocation: sourceLocation)
        if let column { #expect(d.mark.column == column, "\(d.description)", sourceLocation: sourceLocation) }
        return d
    }

    /// Loading is GitLab's validation only: the advice comes when a caller gives the checks
    /// (`gantry lint`, `gantry run`, the server), not on every load.
    @Test func loadingAloneGivesNoAdvice() {
        let yaml = "before_script: [apt install python:3.6-slim]\njob: {script: [python -V]}\n"
        let plain = ConfigLoader(source: MemorySource(files: [:])).load(text: yaml, file: ".gitlab-ci.yml")
        #expect(plain.isValid && plain.diagnostics.warnings.isEmpty, "\(plain.diagnostics.items)")
        #expect(warnings(yaml).count == 1)
    }

    // MARK: 1. apt install of an image tag

    @Test func aptInstallOfAnImageTag() {
        // Seed 001's before_script, in a pipeline GitLab accepts.
        let d = expectWarning("""
            before_script:
              - apt install python:3.6-slim
              - python -V
            test_job:
              script:
                - python -m unittest discover -s "./tests/"
            """, containing: "`apt install python:3.6-slim`", line: 2, column: 5)
        #expect(d?.message.contains("`image: python:3.6-slim`") == true)
        #expect(d?.message.contains("apt-get install -y python3") == true)
    }

    @Test func aptAfterOperatorsWithFlagsAndInBlocks() {
        expectWarning("""
            job:
              script:
                - apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python:3.11-slim
            """, containing: "`apt-get install python:3.11-slim`", line: 3)
        expectWarning("""
            job:
              script:
                - true; apt -o Acquire::Retries=3 install -y node:20
            """, containing: "`node:20`", line: 3)
        expectWarning("""
            job:
              script:
                - |
                  apt-get update
                  apt-get install -y \\
                    python:3.12
            """, containing: "`apt-get install python:3.12`", line: 5, column: 7)
    }

    @Test func aptInstallOfDebianPackagesIsQuiet() {
        expectQuiet("""
            job:
              image: debian:bookworm
              before_script:
                - apt-get update && apt-get install -y python3 python3-venv libpq-dev
                - apt-get install -y libc6:i386 python3:amd64 python3-pip=23.0.1+dfsg-1
                - apt-get install -y -o Dpkg::Options::=--force-confold -t bookworm-backports git
                - echo "never apt install python:3.6-slim"
                - docker pull python:3.6-slim
                - apt-cache policy python3
              script:
                - python3 -V
            """)
    }

    // MARK: 2. sed on pyproject.toml

    static let seedBuild = """
        build:
          stage: build
          script:
            - sed -i "s/name = \\".*\\"/name = \\"${NORMALIZED_NAME}\\"/" pyproject.toml
            - python -m build
          artifacts:
            paths:
              - dist/
              - pyproject.toml
        """

    @Test func unanchoredNameSedNamesTheOtherLines() {
        let found = warnings(Self.seedBuild, files: ["pyproject.toml": Seeds.pyproject])
        let wide = found.filter { $0.message.contains("not anchored") }
        #expect(wide.count == 1)
        #expect(wide.first?.mark.line == 4)
        #expect(wide.first?.message.contains("(line 6): it also matches line 12 (`{name = \"\", email = \"[email protected]\"},`)") == true,
                "\(wide.map(\.message))")
        #expect(wide.first?.message.contains("gantry python version --write --set-name NAME") == true)
        #expect(wide.first?.message.contains("/^\\[project\\]/,/^\\[/ s/^name = \"[^\"]*\"/") == true)
        let greedy = found.filter { $0.message.contains("is greedy") }
        #expect(greedy.count == 1)
        #expect(greedy.first?.message.contains("on line 12 of pyproject.toml") == true)
        #expect(greedy.first?.message.contains("replaces `name = \"\", email = \"[email protected]\"` instead of `name = \"\"`") == true,
                "\(greedy.map(\.message))")
    }

    @Test func unanchoredSedWithoutTheFileStillWarns() {
        let found = warnings(Self.seedBuild)
        #expect(found.contains { $0.message.contains("not anchored") && $0.message.contains("authors = [{name") })
        #expect(found.contains { $0.message.contains("is greedy") && $0.message.contains("inline table") })
    }

    @Test func versionSedAlsoHitsPythonVersion() {
        let pyproject = """
            [project]
            name = "pvoutput"
            version = "0.3.0"

            [tool.mypy]
            python_version = "3.11"

            """
        let d = expectWarning("""
            stamp:
              script:
                - sed -i 's/version = ".*"/version = "1.2.3"/' pyproject.toml
            """, files: ["pyproject.toml": pyproject], containing: "not anchored", line: 3)
        #expect(d?.message.contains("line 6 (`python_version = \"3.11\"` in [tool.mypy])") == true, "\(d?.message ?? "")")
        #expect(d?.message.contains("gantry python version --write") == true)
        // The only line it matches is the intended one: still fragile, said so.
        let homepage = expectWarning("""
            stamp:
              script:
                - sed -i "s|\\"Homepage\\" = \\".*\\"|\\"Homepage\\" = \\"https://gitlab.com/${CI_PROJECT_PATH}\\"|" pyproject.toml
            """, files: ["pyproject.toml": Seeds.pyproject], containing: "not anchored", line: 3)
        #expect(homepage?.message.contains("today only line 16 matches") == true, "\(homepage?.message ?? "")")
        #expect(homepage?.message.contains("--set-homepage URL") == true)
        #expect(homepage?.message.contains("/^\\[project\\.urls\\]/,/^\\[/") == true, "\(homepage?.message ?? "")")
    }

    @Test func sedSpellings() {
        // BSD's `-i ''`, `-e`, `--in-place`, a `|` delimiter, several commands in one script.
        for command in [#"sed -i '' 's/name = ".*"/name = "x"/' pyproject.toml"#,
                        #"sed --in-place -e 's|name = ".*"|name = "x"|' pyproject.toml"#,
                        #"sed -i -e 's/^version = .*/version = "2"/; s/name = ".*"/name = "x"/' $CI_PROJECT_DIR/pyproject.toml"#] {
            let found = warnings("""
                stamp:
                  script:
                    - \(command)
                """, files: ["pyproject.toml": Seeds.pyproject])
            #expect(found.contains { $0.message.contains("it also matches line 12") }, "\(command): \(found.map(\.message))")
        }
    }

    @Test func anchoredSedMatchingAnotherTable() {
        let pyproject = """
            [tool.poetry]
            name = "pvoutput"

            [[tool.poetry.source]]
            name = "index"
            url = "https://pypi.org/simple/"

            """
        let d = expectWarning("""
            stamp:
              script:
                - sed -E -i 's/^name = "[^"]*"/name = "renamed"/' ./pyproject.toml
            """, files: ["pyproject.toml": pyproject], containing: "not limited to a table", line: 3)
        #expect(d?.message.contains("besides line 2 it also matches line 5 (`name = \"index\"` in [[tool.poetry.source]])") == true,
                "\(d?.message ?? "")")
    }

    @Test func carefulSedsAreQuiet() {
        expectQuiet("""
            stamp:
              script:
                - sed -i '/^\\[project\\]/,/^\\[/ s/^name = ".*"/name = "x"/' pyproject.toml
                - sed -i 's/^version = "[^"]*"/version = "1.2.3"/' pyproject.toml
                - sed -i -e '0,/^version = /s/^version = .*/version = "2"/' pyproject.toml
                - sed 's/name = ".*"/name = "x"/' pyproject.toml > /tmp/out.toml
                - sed -i 's/name = ".*"/name = "x"/' setup.cfg
                - sed -i 's/foo/bar/' pyproject.toml
            """, files: ["pyproject.toml": Seeds.pyproject])
    }

    // MARK: 3. publishing

    @Test func publishOnEveryPipeline() {
        for command in ["twine upload dist/*", "python -m twine upload --repository gitlab dist/*",
                        "TWINE_PASSWORD=${CI_JOB_TOKEN} .venv/bin/python3 -m twine upload dist/*",
                        "poetry publish --build -u user -p pass", "uv publish", "flit publish", "hatch publish",
                        "poetry run twine upload dist/*"] {
            let d = expectWarning("""
                release:
                  stage: deploy
                  script:
                    - pip install twine
                    - \(command)
                """, containing: "on branch and merge-request pipelines, not only for release tags", line: 5, column: 7)
            #expect(d?.message.contains("job `release`") == true)
        }
        // A rule for the default branch is not a rule for tags.
        expectWarning("""
            release:
              rules:
                - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
                - if: $CI_COMMIT_TAG
              script:
                - twine upload dist/*
            """, containing: "`twine upload` runs in job `release`", line: 6)
        // One line shared through a template is reported once, naming its jobs.
        expectWarning("""
            .publish:
              script:
                - poetry publish
            a:
              extends: .publish
            b:
              extends: .publish
            """, containing: "jobs `a`, `b`", line: 3)
    }

    @Test func publishLimitedToTagsIsQuiet() {
        expectQuiet("""
            by-rule:
              rules:
                - if: $CI_COMMIT_TAG =~ /^v?\\d+\\.\\d+\\.\\d+$/
              script:
                - twine upload dist/*
            by-never-rule:
              rules:
                - if: $CI_COMMIT_TAG == null
                  when: never
                - when: on_success
              script:
                - uv publish
            by-only:
              only: [tags]
              script:
                - poetry publish
            by-only-refs:
              only:
                refs:
                  - tags
              script:
                - flit publish
            by-except:
              except: [branches]
              script:
                - hatch publish
            by-if:
              script:
                - if [ -n "$CI_COMMIT_TAG" ]; then python -m twine upload dist/*; fi
            by-exit:
              before_script:
                - '[ -n "$CI_COMMIT_TAG" ] || exit 0'
              script:
                - poetry publish
            dry-run:
              script:
                - poetry publish --repository gitlab --dry-run
                - twine check dist/*
                - echo "would run twine upload dist/*"
            """)
        // A manual upload from main is a choice (the benchmark pipeline's release rules).
        expectQuiet("""
            by-rules-or-by-hand:
              rules:
                - if: $CI_COMMIT_TAG =~ /^v\\d+\\.\\d+\\.\\d+$/
                - if: $CI_COMMIT_BRANCH == "main"
                  when: manual
                  allow_failure: true
              script:
                - TWINE_PASSWORD=${CI_JOB_TOKEN} python -m twine upload dist/*
            by-hand:
              when: manual
              script:
                - poetry publish
            """)
        expectWarning("""
            fallback-runs-everywhere:
              rules:
                - if: $CI_COMMIT_TAG
                - when: on_success
              script:
                - twine upload dist/*
            """, containing: "not only for release tags", line: 6)
        expectQuiet("""
            workflow:
              rules:
                - if: $CI_COMMIT_TAG
            release:
              script:
                - twine upload dist/*
            """)
    }

    @Test func publishFallingBackToADryRun() {
        // Seed 004's publish line: guarded by a test of the ref, so not "every pipeline", but a
        // failed upload runs the dry run.
        let d = expectWarning("""
            publish-wheel:
              stage: deploy
              script:
                - ls -l dist/
                - '[[ ${CI_COMMIT_REF_NAME} =~ ${BASH_RELEASE_PATTERN} ]] &&
                    poetry publish --repository nexus && echo "Publish to nexus." ||
                    poetry publish --repository nexus --dry-run  && echo "Publish dry run."'
            """, containing: "is not an if/else", line: 5, column: 7)
        #expect(d?.message.contains("the shell runs `poetry publish --repository nexus --dry-run` instead") == true)
        expectQuiet("""
            publish:
              script:
                - '[[ "$CI_COMMIT_TAG" =~ ^v ]] && poetry publish --repository nexus'
                - |
                  if [[ "$CI_COMMIT_TAG" =~ ^v ]]; then
                    poetry publish --repository nexus
                  else
                    poetry publish --repository nexus --dry-run
                  fi
            """)
    }

    // MARK: 4. paths outside the project

    @Test func cacheAndArtifactPathsOutsideTheProject() {
        let yaml = """
            variables:
              PIPCACHEDIR: /tmp/pip-cache
              SOURCE_DIR: ''
              VERSION_PATH: ${SOURCE_DIR}/VERSION
            job:
              script: [make]
              cache:
                paths:
                  - ${PIPCACHEDIR}
                  - ~/.cache/pip
                  - $HOME/.cache/poetry
                  - ../shared
                  - /root/.npm
                  - $CI_PROJECT_DIR/../sibling
              artifacts:
                paths:
                  - ${VERSION_PATH}
            """
        let found = warnings(yaml)
        #expect(found.count == 7, "\(found.map(\.description))")
        #expect(found.contains { $0.mark.line == 9 && $0.message.hasPrefix("cache path `${PIPCACHEDIR}` expands to `/tmp/pip-cache` (PIPCACHEDIR is `/tmp/pip-cache`)") })
        #expect(found.contains { $0.mark.line == 10 && $0.message.hasPrefix("cache path `~/.cache/pip`: the runner user's home") })
        #expect(found.contains { $0.mark.line == 11 && $0.message.contains("`$HOME/.cache/poetry`") })
        #expect(found.contains { $0.mark.line == 12 && $0.message.contains("above the project directory") })
        #expect(found.contains { $0.mark.line == 14 && $0.message.contains("`$CI_PROJECT_DIR/../sibling`: next to the project directory") })
        #expect(found.contains {
            $0.mark.line == 17 && $0.mark.column == 9
                && $0.message.hasPrefix("artifacts path `${VERSION_PATH}` expands to `/VERSION` (VERSION_PATH is `${SOURCE_DIR}/VERSION`, SOURCE_DIR is empty)")
        }, "\(found.map(\.message))")
    }

    @Test func pathsNextToTheProject() {
        expectWarning("""
            variables:
              TMPDIR: "${CI_PROJECT_DIR}.tmp"
            job:
              script: [make]
              cache:
                paths: [$TMPDIR]
            """, containing: "expands to `$CI_PROJECT_DIR.tmp` (TMPDIR is `${CI_PROJECT_DIR}.tmp`): next to the project directory",
            line: 6)
    }

    @Test func pathsInsideTheProjectAreQuiet() {
        expectQuiet("""
            variables:
              PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"
              SOURCE_DIR: src
              DIST_DIR: dist
            job:
              variables:
                PIPCACHEDIR: /tmp/overridden-below
              script: [make]
              cache:
                - key: pip
                  paths:
                    - .cache/pip
                    - ${PIP_CACHE_DIR}
                    - ./build/../.tox
                - key: per-job
                  paths:
                    - $CI_JOB_NAME/reports
                    - ${PROJECT_SETTING_DIR}/x
              artifacts:
                paths:
                  - ${DIST_DIR}
                  - ${SOURCE_DIR}/VERSION
                  - $CI_PROJECT_DIR/reports/
            other:
              variables:
                SOURCE_DIR: lib
              script: [make]
              cache: []
            """)
    }

    // MARK: 5. Poetry and a .venv cache

    @Test func poetryWithoutInProjectVenv() {
        let d = expectWarning("""
            test:
              cache:
                key: venv
                paths:
                  - .venv/
              before_script:
                - pip install poetry
                - poetry install
              script:
                - poetry run pytest
            """, containing: "`poetry install` runs in a job that caches `.venv` (line 5)", line: 8, column: 7)
        #expect(d?.message.contains("poetry config virtualenvs.in-project true") == true)
        #expect(d?.message.contains("POETRY_VIRTUALENVS_IN_PROJECT") == true)
        expectWarning("""
            variables:
              POETRY_VENV_DIR: .venv
            test:
              cache:
                paths: [ "${POETRY_VENV_DIR}" ]
              script:
                - poetry install
                - poetry config virtualenvs.in-project true
            """, containing: "`poetry install` runs before `poetry config virtualenvs.in-project true` (line 8)", line: 7)
    }

    @Test func poetryWithInProjectVenvIsQuiet() {
        let cache = """
              cache:
                paths: [.venv]
            """
        expectQuiet("""
            default:
              before_script:
                - pip install poetry
                - poetry config virtualenvs.in-project true
                - poetry install
            test:
            \(cache)
              script: [poetry run pytest]
            """)
        expectQuiet("""
            variables:
              POETRY_VIRTUALENVS_IN_PROJECT: "true"
            test:
            \(cache)
              script: [poetry install, poetry run pytest]
            """)
        expectQuiet("""
            test:
            \(cache)
              script:
                - python3 -m venv .venv && . .venv/bin/activate
                - poetry install
            """)
        expectQuiet("""
            test:
            \(cache)
              script: [poetry install]
            """, files: ["poetry.toml": "[virtualenvs]\nin-project = true\n"])
        expectQuiet("""
            test:
              cache:
                paths: [.cache/pip]
              script: [poetry install]
            """)
        // Only restored: Poetry uses the `.venv` it finds, and nothing is saved either way.
        expectQuiet("""
            test:
              cache:
                key: venv
                paths: [.venv]
                policy: pull
              script: [poetry run pytest]
            """)
    }

    // MARK: the seeds and scale

    @Test func seedPipelinesWarnWhereTheirDocumentsSlip() throws {
        let seeds = GantryProcessFreeSeeds()
        let complete = try seeds.warnings("004-complete.yml")
        #expect(complete.count == 2, "\(complete.map(\.description))")
        #expect(complete.contains { $0.mark.line == 38 && $0.message.contains("expands to `/VERSION`") })
        #expect(complete.contains { $0.mark.line == 197 && $0.message.contains("is not an if/else") })
        let poetry = try seeds.warnings("003-poetry.yml")
        #expect(poetry.count == 1)
        #expect(poetry.first?.mark.line == 57)
        #expect(poetry.first?.message.contains("`poetry publish` runs in job `build`") == true)
    }

    @Test func sharedLinesAreAnalysedOnceAndReportedOnce() {
        var yaml = """
            .python-job:
              before_script:
                - apt install python:3.6-slim
                - sed -i "s/name = \\".*\\"/name = \\"x\\"/" pyproject.toml
              script:
                - poetry install
                - twine upload dist/*
              cache:
                paths: [.venv, /root/.cache/pip]

            """
        for i in 0..<2000 { yaml += "job-\(i):\n  extends: .python-job\n  variables: {N: \"\(i)\"}\n" }
        let clock = ContinuousClock()
        var found: [Diagnostic] = []
        let elapsed = clock.measure { found = warnings(yaml, files: ["pyproject.toml": Seeds.pyproject]) }
        // apt, sed (wide and greedy), the cache path, poetry install and twine upload: once each.
        #expect(found.count == 6, "\(found.prefix(8).map(\.description))")
        #expect(found.contains { $0.message.contains("jobs `job-0`, `job-1` and 1998 more") })
        #expect(elapsed < .seconds(20), "lint of 2,000 jobs took \(elapsed)")
    }
}

/// Loads the seed fixtures from Tests/Fixtures/seeds with their directory as the project.
struct GantryProcessFreeSeeds {
    let root = Seeds.directory

    func warnings(_ name: String) throws -> [Diagnostic] {
        let text = try Seeds.text(name)
        let result = ConfigLoader(source: DirectorySource(root: root), checks: PipelineLint.checks).load(text: text, file: name)
        #expect(result.isValid, "\(result.diagnostics.errors.map(\.description))")
        return result.diagnostics.warnings
    }
}
