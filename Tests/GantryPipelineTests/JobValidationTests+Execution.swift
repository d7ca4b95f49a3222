import GantryPipeline
import Testing

/// Job keyword checks, how a job runs: allow_failure, retry, timeout and parallel.
extension JobValidationTests {
    @Test func allowFailure() {
        expectValid("""
            a: {script: make, allow_failure: true}
            b: {script: make, allow_failure: {exit_codes: [137, 255]}}
            c: {script: make, allow_failure: {exit_codes: 1}}
            """)
        expectError("""
            build:
              script: make
              allow_failure: maybe
            """, "jobs:build:allow_failure config should be a hash or a boolean value", line: 3)
        expectError("""
            build:
              script: make
              allow_failure:
                exit_codes: "1"
            """, "jobs:build:allow_failure exit codes should be an array of integers or an integer", line: 4)
    }

    @Test func retry() {
        expectValid("""
            a: {script: make, retry: 2}
            b:
              script: make
              retry:
                max: 2
                when: [runner_system_failure, stuck_or_timeout_failure]
                exit_codes: [137]
            c: {script: make, retry: {when: always}}
            """)
        expectError("""
            build:
              script: make
              retry: 3
            """, "jobs:build:retry config must be less than or equal to 2", line: 3)
        expectError("""
            build:
              script: make
              retry:
                max: 5
            """, "jobs:build:retry max must be less than or equal to 2", line: 4)
        expectError("""
            build:
              script: make
              retry:
                when: flaky
            """, "jobs:build:retry when is not included in the list", line: 4)
        expectError("""
            build:
              script: make
              retry:
                when: [script_failure, flaky]
            """, "jobs:build:retry when contains unknown values: flaky", line: 4)
        expectError("""
            build:
              script: make
              retry: yes
            """, "jobs:build:retry config has to be either an integer or a hash", line: 3)
    }

    @Test func timeout() {
        expectValid("build: {script: make, timeout: 1h 30m}")
        expectError("""
            build:
              script: make
              timeout: forever
            """, "jobs:build:timeout config should be a duration", line: 3)
        expectError("""
            build:
              script: make
              timeout: 2 months
            """, "jobs:build:timeout config should not exceed the limit", line: 3)
        // GitLab wants a string: a bare number is an integer to Psych.
        expectError("""
            build:
              script: make
              timeout: 3600
            """, "jobs:build:timeout config should be a duration", line: 3)
    }

    @Test func parallel() {
        expectValid("""
            a: {script: make, parallel: 5}
            b:
              script: make
              parallel:
                matrix:
                  - PROVIDER: aws
                    STACK: [app1, app2]
                  - PROVIDER: [gcp, "3.10"]
            """)
        expectError("""
            build:
              script: make
              parallel: 0
            """, "jobs:build:parallel config must be greater than or equal to 1", line: 3)
        expectError("""
            build:
              script: make
              parallel: 201
            """, "jobs:build:parallel config must be less than or equal to 200", line: 3)
        expectError("""
            build:
              script: make
              parallel: many
            """, "jobs:build:parallel should be an integer or a hash", line: 3)
        expectError("""
            build:
              script: make
              parallel:
                matrix: {A: 1}
            """, "jobs:build:parallel:matrix config should be an array of hashes", line: 4)
        expectError("""
            build:
              script: make
              parallel:
                matrix:
                  - PY: [3.10, 3.11]
            """, "jobs:build:parallel:matrix:variables config should be a hash of key value pairs, value can be an array",
            line: 5)
        let values = (1...21).map(String.init).joined(separator: ", ")
        expectError("build:\n  script: make\n  parallel:\n    matrix:\n      - A: [\(values)]\n        B: [x, y, z, w, v, u, t, s, r, q]\n",
                    "jobs:build:parallel:matrix config generates too many jobs (maximum is 200)", line: 5)
    }
}
