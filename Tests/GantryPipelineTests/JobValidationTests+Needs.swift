import GantryPipeline
import Testing

/// Job keyword checks: needs and dependencies.
extension JobValidationTests {
    @Test func needs() {
        expectValid("""
            build:
              script: make
              needs:
                - lint
                - job: test
                  artifacts: false
                  optional: true
                - job: matrix
                  parallel:
                    matrix:
                      - PROVIDER: aws
                - project: group/other
                  job: build
                  ref: main
                - pipeline: $PARENT_PIPELINE_ID
                  job: gen
            """)
        expectValid("build: {script: make, needs: []}")
        expectError("""
            build:
              script: make
              needs:
                - job: lint
                  when: always
            """, "jobs:build:needs:need config contains unknown keys: when", line: 5)
        expectError("""
            build:
              script: make
              needs: [1]
            """, "jobs:build:needs:need has an unsupported type", line: 3)
        expectError("""
            build:
              script: make
              needs: lint
            """, "jobs:build:needs config can only be a hash or an array", line: 3)
        expectError("""
            build:
              script: make
              needs:
                - job: lint
                  artifacts: "false"
            """, "jobs:build:needs:need artifacts should be a boolean value", line: 5)
        expectError("""
            build:
              script: make
              needs:
                - pipeline: other/project
            """, "jobs:build:needs config uses invalid types: bridge", line: 4)
        let many = (1...51).map { "j\($0)" }.joined(separator: ", ")
        expectError("build:\n  script: make\n  needs: [\(many)]\n",
                    "build: one job can only need 50 others, but you have listed 51. "
                        + "See needs keyword documentation for more details", line: 3)
    }

    @Test func dependencies() {
        expectValid("build: {script: make, dependencies: [a, b], needs: [a, b, c]}")
        expectError("""
            build:
              script: make
              dependencies: a
            """, "jobs:build dependencies should be an array of strings", line: 3)
        expectError("""
            build:
              script: make
              needs: [a]
              dependencies: [a, b, c]
            """, "jobs:build dependencies the b, c should be part of needs", line: 4)
    }
}
