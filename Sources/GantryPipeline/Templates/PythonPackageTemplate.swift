/// `Python-Package.gitlab-ci.yml`: build a library with `python -m build`, test the source (unittest
/// or pytest, JUnit and Cobertura reports) and the built wheel, lint without blocking, and upload to
/// a PyPI registry only for a release tag. The shape of `examples/pvoutput`, parameterised by
/// variables. Every job makes its own venv in the project directory and installs its tools there, so
/// the jobs need nothing but `python3`: they run on a shell runner and with the Docker executor
/// (`python:${PYTHON_VERSION}-slim`) alike. See docs/templates.md.
enum PythonPackageTemplate {
    static let text = #"""
    # Gantry built-in template: Python-Package.gitlab-ci.yml
    #
    # Builds the sdist and wheel once (`python -m build`), tests the source with coverage and a JUnit
    # report and the built wheel, runs pylint, black and mypy without blocking, and uploads dist/ to
    # a PyPI registry for a release tag (1.2.3 or v1.2.3) only; other pipelines check the upload.
    # With SIGN_ENABLED: "true" (and a Gantry server), dist/ is signed with Sigstore before that
    # and the release goes with PEP 740 attestations.
    #
    #   include:
    #     - template: Python-Package.gitlab-ci.yml
    #   variables:
    #     TEST_RUNNER: pytest        # unittest (default) or pytest
    #
    # Every variable below can be set in your .gitlab-ci.yml, in the project's CI/CD settings or for
    # one run (`gantry run --variable K=V`); every job can be overridden. See docs/templates.md.

    variables:
      # The Docker executor's image is python:${PYTHON_VERSION}-slim; a shell runner uses its python3.
      PYTHON_VERSION: "3.12"
      # What the lint jobs check and coverage measures: `src` for the src layout, else the package.
      SOURCE_DIR: \#(PythonTemplateDefaults.sourceDir)
      # Where the tests are.
      TEST_DIR: \#(PythonTemplateDefaults.testDir)
      # unittest or pytest.
      TEST_RUNNER: \#(PythonTemplateDefaults.testRunner)
      # More for the test and lint jobs to pip install, e.g. "hypothesis" or "-r requirements-test.txt".
      TEST_REQUIREMENTS: ""
      # mypy's options: imports of libraries without type information are not errors.
      MYPY_ARGS: "--ignore-missing-imports"
      # Where a release goes; empty means this project's package registry
      # ${CI_API_V4_URL}/projects/${CI_PROJECT_ID}/packages/pypi, with the job token.
      PYPI_REPOSITORY_URL: ""
      # GitLab caches only paths inside the project directory.
      PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"
      PIP_DISABLE_PIP_VERSION_CHECK: "1"
    \#(SigstoreSignStage.variables)

    \#(PythonPackageTemplate.workflowAndStages)

    # A fresh venv in the project directory; one pip download cache for every job. The `rules:`
    # make the jobs part of merge-request pipelines too (a job without rules is not).
    .python-package:
      image: python:${PYTHON_VERSION}-slim
      rules:
        - when: on_success
      cache: &python-package-pip-cache
        key: python-package-pip-${PYTHON_VERSION}
        paths:
          - .cache/pip/
        policy: pull-push
      before_script:
        - python3 -m venv .venv
        - . .venv/bin/activate
        - python --version
        - mkdir -p reports

    build:
      extends: .python-package
      stage: build
      before_script:
        - !reference [.python-package, before_script]
    \#(versionStampStep)
      script:
        - python -m pip install build
        - python -m build
        - ls -l dist/
      # pyproject.toml travels with dist/ so that later jobs see the version that was built.
      artifacts:
        paths:
          - dist/
          - pyproject.toml
        expire_in: 1 week

    # The tests against the source, installed in editable mode so that coverage paths are the
    # repository's paths (GitLab maps them onto the merge-request diff).
    unit-tests:
      extends: .python-package
      stage: test
      needs: []
      script:
    \#(testImportsStep)
    \#(testSteps(install: "python -m pip install", extra: " -e . $TEST_REQUIREMENTS"))
    \#(testJobTail)

    # The same tests against the wheel users will install. `python -I` keeps the checkout off
    # sys.path, so a flat layout's package does not shadow the installed one.
    wheel-install:
      extends: .python-package
      stage: test
      needs:
        - job: build
          artifacts: true
    \#(wheelInstallScript(extra: " $TEST_REQUIREMENTS", testImports: true))

    # Code checks report but never block a release; their reports are kept even (especially) when
    # they fail. pylint and mypy install the project and what its tests import, so that they can
    # follow those imports; black needs only itself. They read the pip cache without writing it back.
    # Set PYLINT_DISABLED, BLACK_DISABLED or MYPY_DISABLED to "true" to drop one.
    .python-package-lint:
      extends: .python-package
      stage: test
      needs: []
      allow_failure: true
      cache:
        <<: *python-package-pip-cache
        policy: pull
      artifacts:
        when: always
        expire_in: 1 week

    pylint:
      extends: .python-package-lint
    \#(disabledRule("PYLINT_DISABLED"))
      script:
        - python -m pip install -e . pylint $TEST_REQUIREMENTS
    \#(testImportsStep)
    \#(pylintStep)

    black:
      extends: .python-package-lint
    \#(disabledRule("BLACK_DISABLED"))
      script:
        - python -m pip install black
    \#(blackStep)

    mypy:
      extends: .python-package-lint
    \#(disabledRule("MYPY_DISABLED"))
      script:
        - python -m pip install -e . mypy $TEST_REQUIREMENTS
    \#(testImportsStep)
    \#(mypyStep)

    # Signs dist/ when SIGN_ENABLED is "true": a <file>.sigstore.json bundle per file, which
    # `sigstore verify identity` checks offline against this server's trust config.
    sign:
      extends: .python-package
    \#(SigstoreSignStage.job)
      cache:
        <<: *python-package-pip-cache
        policy: pull

    # Uploads the artifacts of `build` unchanged: what was tested is what ships. Only the
    # distributions: dist/ also holds the sign job's bundles when it ran.
    .python-package-publish:
      extends: .python-package
      stage: publish
    \#(PythonPackageTemplate.testedBuildNeeds)
    \#(SigstoreSignStage.publishNeed)
      cache:
        <<: *python-package-pip-cache
        policy: pull
      before_script:
        - !reference [.python-package, before_script]
        - python -m pip install twine
        - ls -l dist/
        - python -m twine check dist/*.whl dist/*.tar.gz

    # A release tag such as 1.2.3 or v1.2.3 uploads to the registry, as GitLab documents for twine:
    # user gitlab-ci-token, the job token as password (PYPI_USERNAME and PYPI_PASSWORD, when set as
    # CI/CD variables, replace them for another registry).
    publish:
      extends: .python-package-publish
      rules:
        - if: $CI_COMMIT_TAG =~ /^v?\d+\.\d+\.\d+$/
      script:
    \#(tagVersionCheck)
        # The sign job's PEP 740 attestations go along to this project's registry, which checks
        # them against this server's Sigstore; another registry (PyPI) would refuse them.
        - |
          set --
          if [ -z "$PYPI_REPOSITORY_URL" ] && ls dist/*.publish.attestation >/dev/null 2>&1; then
            set -- --attestations dist/*.publish.attestation
          fi
          TWINE_USERNAME="${PYPI_USERNAME:-gitlab-ci-token}" TWINE_PASSWORD="${PYPI_PASSWORD:-$CI_JOB_TOKEN}" python -m twine upload --repository-url "${PYPI_REPOSITORY_URL:-${CI_API_V4_URL}/projects/${CI_PROJECT_ID}/packages/pypi}" "$@" dist/*.whl dist/*.tar.gz

    # Everywhere else: `twine check` above validated the metadata; show where a release would go.
    publish-dry-run:
      extends: .python-package-publish
      rules:
        - if: $CI_COMMIT_TAG =~ /^v?\d+\.\d+\.\d+$/
          when: never
        - when: on_success
      script:
        - echo "Not a release tag; a tag such as v1.2.3 uploads dist/ to ${PYPI_REPOSITORY_URL:-${CI_API_V4_URL}/projects/${CI_PROJECT_ID}/packages/pypi}"

    """#

    // MARK: Steps both Python templates share (each is whole YAML lines at a job's list indentation).

    /// Stamps the version `gantry python version --write` computes (PEP 440, from the tag, the
    /// pipeline and the branch) into pyproject.toml when `gantry` is on PATH, as it is in every job
    /// Gantry runs; elsewhere the build keeps the version pyproject.toml has.
    /// Branch, merge-request and tag pipelines, and the stages: the same in both Python templates.
    static let workflowAndStages = #"""
    # Branch pipelines, but merge-request pipelines instead once an MR is open (so a push to an MR
    # branch does not start two pipelines), plus tag pipelines for releases.
    workflow:
      rules:
        - if: $CI_PIPELINE_SOURCE == "merge_request_event"
        - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS
          when: never
        - if: $CI_COMMIT_BRANCH
        - if: $CI_COMMIT_TAG

    # The sign stage has a job only when SIGN_ENABLED is "true".
    stages:
      - build
      - test
      - sign
      - publish
    """#

    /// The `needs:` of the jobs that take what `build` made once the tests passed (sign, the
    /// uploads), at job-key indentation: the test jobs are optional, as a project may drop them.
    static let testedBuildNeeds = #"""
      needs:
        - job: build
          artifacts: true
        - job: unit-tests
          artifacts: false
          optional: true
        - job: wheel-install
          artifacts: false
          optional: true
    """#

    static let versionStampStep = #"""
        - |
          if [ "$VERSION_STAMP_DISABLED" = "true" ]; then
            echo "VERSION_STAMP_DISABLED is true: building the version pyproject.toml has"
          elif command -v gantry >/dev/null 2>&1; then
            gantry python version --write
          else
            echo "gantry is not on PATH: building the version pyproject.toml has, not a stamped one"
          fi
    """#

    /// Runs the tests of `$TEST_DIR` with `$TEST_RUNNER` under coverage, writing a JUnit report per
    /// runner into reports/. `install` is the pip command of the job's environment.
    static func testSteps(install: String, extra: String) -> String {
        #"""
            - |
              case "$TEST_RUNNER" in
                unittest)
                  \#(install) coverage unittest-xml-reporting\#(extra)
                  python -m coverage run --source="$SOURCE_DIR" -m xmlrunner discover -s "$TEST_DIR" -o reports/
                  ;;
                pytest)
                  \#(install) coverage pytest\#(extra)
                  python -m coverage run --source="$SOURCE_DIR" -m pytest --junitxml=reports/TEST-pytest.xml "$TEST_DIR"
                  ;;
                *)
                  echo "TEST_RUNNER must be unittest or pytest, not '$TEST_RUNNER'"
                  exit 1
                  ;;
              esac
            - python -m coverage report
            - python -m coverage xml -o reports/coverage.xml
        """#
    }

    /// Coverage and reports of a unit-test job (at job-key indentation).
    static let testJobTail = #"""
      # coverage.py's TOTAL line, as in GitLab's documented examples.
      coverage: '/TOTAL.*? (100(?:\.0+)?%|[1-9]?\d(?:\.\d+)?%)$/'
      artifacts:
        when: always
        paths:
          - reports/
        reports:
          junit: reports/TEST-*.xml
          coverage_report:
            coverage_format: cobertura
            path: reports/coverage.xml
        expire_in: 1 week
    """#

    /// The test suite against `dist/*.whl` in a fresh venv (`before_script` made and activated it).
    static func wheelInstallScript(extra: String, testImports: Bool = false) -> String {
        #"""
          script:
        \#(testImports ? testImportsStep : "")
            - |
              case "$TEST_RUNNER" in
                pytest) python -m pip install dist/*.whl pytest\#(extra) ;;
                *) python -m pip install dist/*.whl\#(extra) ;;
              esac
            - |
              case "$TEST_RUNNER" in
                unittest) python -I -m unittest discover -s "$TEST_DIR" -v ;;
                pytest) python -I -m pytest "$TEST_DIR" ;;
                *) echo "TEST_RUNNER must be unittest or pytest, not '$TEST_RUNNER'"; exit 1 ;;
              esac
        """#
    }

    /// GitLab's `*_DISABLED` convention (at job-key indentation).
    static func disabledRule(_ variable: String) -> String {
        """
          rules:
            - if: $\(variable) == "true"
              when: never
            - when: on_success
        """
    }

    /// Installs what the tests import, so that pylint and mypy can follow those imports (no
    /// `E0401: Unable to import 'pytest'`): pytest when it runs the tests, and the entries of the
    /// `test`, `tests`, `testing` and `dev` extras (PEP 621) and dependency groups (PEP 735) of
    /// pyproject.toml. Poetry's own groups are installed by `poetry install`.
    static let testImportsStep = #"""
        - |
          python - > .venv/test-requirements.txt <<'EOF'
          import os
          try:
              import tomllib
              with open("pyproject.toml", "rb") as f:
                  project = tomllib.load(f)
          except (ImportError, OSError, ValueError):
              project = {}
          wanted = ["pytest"] if os.environ.get("TEST_RUNNER") == "pytest" else []
          extras = project.get("project", {}).get("optional-dependencies", {})
          groups = project.get("dependency-groups", {})
          for name in ("test", "tests", "testing", "dev"):
              wanted += extras.get(name, []) + [d for d in groups.get(name, []) if isinstance(d, str)]
          print("\n".join(wanted))
          EOF
        - python -m pip install -r .venv/test-requirements.txt
    """#

    // `cmd > file || (cat file; exit 1)` keeps the tool's exit status without `pipefail`, which
    // plain sh lacks; the report is printed either way.
    static let pylintStep = #"""
        - python -m pylint --recursive=y --output-format=text:reports/pylint.txt,colorized "$SOURCE_DIR" "$TEST_DIR"
      artifacts:
        expose_as: pylint report
        paths:
          - reports/pylint.txt
    """#

    static let blackStep = #"""
        - python -m black --check --diff "$SOURCE_DIR" "$TEST_DIR" > reports/black.txt 2>&1 || (cat reports/black.txt; exit 1)
        - cat reports/black.txt
      artifacts:
        expose_as: black report
        paths:
          - reports/black.txt
    """#

    static let mypyStep = #"""
        - python -m mypy $MYPY_ARGS "$SOURCE_DIR" "$TEST_DIR" > reports/mypy.txt 2>&1 || (cat reports/mypy.txt; exit 1)
        - cat reports/mypy.txt
      artifacts:
        expose_as: mypy report
        paths:
          - reports/mypy.txt
    """#

    /// On a release tag, refuses to upload unless dist/ holds the wheel of the tag's version.
    static let tagVersionCheck = #"""
        - |
          version="${CI_COMMIT_TAG#v}"
          if ! ls dist/*-"$version"-*.whl >/dev/null 2>&1; then
            echo "dist/ holds no wheel of version $version (tag $CI_COMMIT_TAG): set that version in pyproject.toml, or build with gantry on PATH to stamp it"
            exit 1
          fi
    """#
}
