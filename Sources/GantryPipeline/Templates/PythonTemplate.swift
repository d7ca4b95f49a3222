/// `Python.gitlab-ci.yml`: the shape of GitLab's own Python template (test, build, with a pip cache
/// in the project directory so the runner can keep it), written for Gantry.
enum PythonTemplate {
    static let text = """
    # Gantry built-in template: Python.gitlab-ci.yml
    # Include it with `include: { template: Python.gitlab-ci.yml }` and override any job.
    variables:
      PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"

    stages:
      - test
      - build

    .python-venv:
      image: python:3.11-slim
      cache:
        key: pip-$CI_JOB_NAME
        paths:
          - .cache/pip
      before_script:
        - python3 -m venv .venv
        - source .venv/bin/activate
        - python -m pip install --upgrade pip

    test:
      extends: .python-venv
      stage: test
      script:
        - pip install -e .
        - python -m unittest discover -s tests

    build:
      extends: .python-venv
      stage: build
      script:
        - pip install build
        - python -m build
      artifacts:
        paths:
          - dist/

    """
}
