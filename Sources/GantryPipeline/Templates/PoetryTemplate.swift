/// `Poetry.gitlab-ci.yml`: a Poetry project's pipeline, the shape of seed 004 and
/// `examples/pvoutput-poetry`: `poetry build` once, the project's in-project `.venv` made once per
/// pipeline and shared through a cache the test and lint jobs only pull, the wheel tested without
/// Poetry, `poetry publish` for a release tag only. Poetry runs from its own venv in the project
/// directory, so the jobs need nothing but `python3` (shell runner or `python:${PYTHON_VERSION}-slim`).
/// Steps shared with `Python-Package.gitlab-ci.yml` come from `PythonPackageTemplate`.
enum PoetryTemplate {
    static let text = #"""
    # Gantry built-in template: Poetry.gitlab-ci.yml
    #
    # Builds the package once (`poetry build`), makes the project's .venv once per pipeline and
    # shares it through a cache, tests the source with coverage and a JUnit report and the built
    # wheel, runs pylint, black and mypy without blocking, and publishes to a PyPI registry for a
    # release tag (1.2.3 or v1.2.3) only; other pipelines run `poetry publish --dry-run`. With
    # SIGN_ENABLED: "true" (and a Gantry server), dist/ is signed with Sigstore before that (bundles
    # and PEP 740 attestations as artifacts; `poetry publish` cannot upload the attestations).
    #
    #   include:
    #     - template: Poetry.gitlab-ci.yml
    #
    # Poetry resolves through the sources pyproject.toml declares ([[tool.poetry.source]], e.g. a
    # PEP 503 simple index or a company mirror); the template adds none. Every variable below can
    # be set in your .gitlab-ci.yml, in the project's CI/CD settings or for one run; every job can be
    # overridden. See docs/templates.md.

    variables:
      # The Docker executor's image is python:${PYTHON_VERSION}-slim; a shell runner uses its python3.
      PYTHON_VERSION: "3.12"
      # The Poetry the jobs install (into .poetry-tool, next to the project's .venv).
      POETRY_VERSION: "2.5.1"
      # Added to every `poetry install`, e.g. "--with docs" or "--all-extras".
      POETRY_INSTALL_ARGS: ""
      # What the lint jobs check and coverage measures: `src` for the src layout, else the package.
      SOURCE_DIR: \#(PythonTemplateDefaults.sourceDir)
      # Where the tests are.
      TEST_DIR: \#(PythonTemplateDefaults.testDir)
      # unittest or pytest.
      TEST_RUNNER: \#(PythonTemplateDefaults.testRunner)
      # mypy's options: imports of libraries without type information are not errors.
      MYPY_ARGS: "--ignore-missing-imports"
      # Where a release goes; empty means this project's package registry
      # ${CI_API_V4_URL}/projects/${CI_PROJECT_ID}/packages/pypi, with the job token.
      PYPI_REPOSITORY_URL: ""
      # The project's venv in the project directory (.venv), the only place GitLab can cache it.
      POETRY_VIRTUALENVS_IN_PROJECT: "true"
      POETRY_TOOL_DIR: "$CI_PROJECT_DIR/.poetry-tool"
      POETRY_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pypoetry"
      POETRY_NO_INTERACTION: "1"
      # A runner has no desktop keyring; without this Poetry may wait for one.
      PYTHON_KEYRING_BACKEND: keyring.backends.null.Keyring
      PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"
      PIP_DISABLE_PIP_VERSION_CHECK: "1"
    \#(SigstoreSignStage.variables)

    \#(PythonPackageTemplate.workflowAndStages)

    # Poetry itself, from the cache when it is there. It runs as `python -m poetry` (a shell
    # function): a cached venv's console scripts keep the absolute path of the checkout that made
    # them, and a runner's checkout path changes with its concurrency slot. The `rules:` make the
    # jobs part of merge-request pipelines too (a job without rules is not).
    .poetry:
      image: python:${PYTHON_VERSION}-slim
      rules:
        - when: on_success
      cache: &poetry-cache
        key: poetry-${POETRY_VERSION}-python-${PYTHON_VERSION}
        paths:
          - .venv/
          - .poetry-tool/
          - .cache/pip/
          - .cache/pypoetry/
        policy: pull
      before_script:
        - |
          if ! "$POETRY_TOOL_DIR/bin/python" -m poetry --version >/dev/null 2>&1; then
            rm -rf "$POETRY_TOOL_DIR"
            python3 -m venv "$POETRY_TOOL_DIR"
            "$POETRY_TOOL_DIR/bin/python" -m pip install "poetry==$POETRY_VERSION"
          fi
        - 'poetry() { "$POETRY_TOOL_DIR/bin/python" -m poetry "$@"; }'
        - poetry --version
        - mkdir -p reports

    # The project's environment: a no-op `poetry install` when the cache hit, a full one when it
    # missed (first pipeline, another runner), so no job depends on cache luck. Tools then run as
    # `python -m tool` from .venv/bin.
    .poetry-env:
      extends: .poetry
      before_script:
        - !reference [.poetry, before_script]
        - poetry install $POETRY_INSTALL_ARGS
        - export PATH="$(poetry env info --path)/bin:$PATH"
        - python --version

    # Makes .venv (and Poetry's own venv) once per pipeline and pushes them to the cache that every
    # other Poetry job pulls.
    poetry-env:
      extends: .poetry
      stage: build
      needs: []
      cache:
        <<: *poetry-cache
        policy: pull-push
      script:
        - poetry install $POETRY_INSTALL_ARGS
        - poetry env info

    # After poetry-env, to take Poetry from its cache rather than install it a second time.
    build:
      extends: .poetry
      stage: build
      needs: [poetry-env]
      before_script:
        - !reference [.poetry, before_script]
    \#(PythonPackageTemplate.versionStampStep)
      script:
        - poetry build
        - ls -l dist/
      # pyproject.toml travels with dist/: `poetry publish` picks the files of its version.
      artifacts:
        paths:
          - dist/
          - pyproject.toml
        expire_in: 1 week

    unit-tests:
      extends: .poetry-env
      stage: test
      needs: [poetry-env]
      script:
    \#(PythonPackageTemplate.testSteps(install: "python -m pip install", extra: ""))
    \#(PythonPackageTemplate.testJobTail)

    # A plain venv without Poetry, for the jobs that use only the built files.
    .python-venv:
      image: python:${PYTHON_VERSION}-slim
      rules:
        - when: on_success
      before_script:
        - python3 -m venv .venv
        - . .venv/bin/activate
        - python --version

    # The built wheel in a plain venv, without Poetry: what a user gets from `pip install`.
    # `python -I` keeps the checkout off sys.path, so a flat layout's package does not shadow it.
    wheel-install:
      extends: .python-venv
      stage: test
      needs:
        - job: build
          artifacts: true
    \#(PythonPackageTemplate.wheelInstallScript(extra: ""))

    # Code checks report but never block a release; their reports are kept even (especially) when
    # they fail. Each runs in the project's environment, adding its tool when the dev dependencies
    # lack it. Set PYLINT_DISABLED, BLACK_DISABLED or MYPY_DISABLED to "true" to drop one.
    .poetry-lint:
      extends: .poetry-env
      stage: test
      needs: [poetry-env]
      allow_failure: true
      artifacts:
        when: always
        expire_in: 1 week

    pylint:
      extends: .poetry-lint
    \#(PythonPackageTemplate.disabledRule("PYLINT_DISABLED"))
      script:
        - python -m pylint --version || python -m pip install pylint
    \#(PythonPackageTemplate.testImportsStep)
    \#(PythonPackageTemplate.pylintStep)

    black:
      extends: .poetry-lint
    \#(PythonPackageTemplate.disabledRule("BLACK_DISABLED"))
      script:
        - python -m black --version || python -m pip install black
    \#(PythonPackageTemplate.blackStep)

    mypy:
      extends: .poetry-lint
    \#(PythonPackageTemplate.disabledRule("MYPY_DISABLED"))
      script:
        - python -m mypy --version || python -m pip install mypy
    \#(PythonPackageTemplate.testImportsStep)
    \#(PythonPackageTemplate.mypyStep)

    # Signs dist/ when SIGN_ENABLED is "true": a <file>.sigstore.json bundle per file, which
    # `sigstore verify identity` checks offline against this server's trust config.
    sign:
      extends: .python-venv
    \#(SigstoreSignStage.job)

    # Publishes the artifacts of `build` and nothing else: it needs Poetry, not the project's
    # environment. The registry is named `gantry`, with GitLab's job-token credentials
    # (PYPI_USERNAME and PYPI_PASSWORD, when set as CI/CD variables, replace them).
    .poetry-publish:
      extends: .poetry
      stage: publish
    \#(PythonPackageTemplate.testedBuildNeeds)
    \#(SigstoreSignStage.publishNeed)
      before_script:
        - !reference [.poetry, before_script]
        - poetry config --local repositories.gantry "${PYPI_REPOSITORY_URL:-${CI_API_V4_URL}/projects/${CI_PROJECT_ID}/packages/pypi}"
        - export POETRY_HTTP_BASIC_GANTRY_USERNAME="${PYPI_USERNAME:-gitlab-ci-token}"
        - export POETRY_HTTP_BASIC_GANTRY_PASSWORD="${PYPI_PASSWORD:-$CI_JOB_TOKEN}"
        - ls -l dist/

    publish:
      extends: .poetry-publish
      rules:
        - if: $CI_COMMIT_TAG =~ /^v?\d+\.\d+\.\d+$/
      script:
    \#(PythonPackageTemplate.tagVersionCheck)
        - poetry publish --repository gantry

    publish-dry-run:
      extends: .poetry-publish
      rules:
        - if: $CI_COMMIT_TAG =~ /^v?\d+\.\d+\.\d+$/
          when: never
        - when: on_success
      script:
        - poetry publish --repository gantry --dry-run

    """#
}
