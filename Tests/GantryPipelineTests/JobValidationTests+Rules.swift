import GantryPipeline
import Testing

/// Job keyword checks, when a job runs: rules, only/except, when and start_in.
extension JobValidationTests {
    @Test func rules() {
        expectValid("""
            build:
              script: make
              rules:
                - if: $CI_COMMIT_BRANCH == "main" && $CI_PIPELINE_SOURCE != "schedule"
                  when: manual
                  allow_failure: true
                - changes: {paths: [src/**/*], compare_to: refs/heads/main}
                  variables: {MODE: full}
                - exists: [Dockerfile]
                  when: delayed
                  start_in: 10 minutes
                - exists: {paths: [a.txt], project: g/p, ref: main}
                  needs: [lint]
                  interruptible: false
                - when: never
            """)
        expectError("""
            build:
              script: make
              rules:
                - if: $CI_COMMIT_BRANCH ==
            """, "jobs:build:rules:rule if invalid expression syntax", line: 4, prefix: true)
        expectError("""
            build:
              script: make
              rules:
                - when: sometimes
            """, "jobs:build:rules:rule when unknown value: sometimes", line: 4)
        expectError("""
            build:
              script: make
              rules:
                - if: $A
                  unless: $B
            """, "jobs:build:rules:rule config contains unknown keys: unless", line: 5)
        expectError("""
            build:
              script: make
              rules:
                - changes: {compare_to: main}
            """, "jobs:build:rules:rule:changes config missing required keys: paths", line: 4)
        expectError("""
            build:
              script: make
              rules:
                - exists: 1
            """, "jobs:build:rules:rule:exists should be a string, an array of strings, or a hash", line: 4)
        expectError("""
            build:
              script: make
              rules:
                - when: on_success
                  start_in: 1 day
            """, "jobs:build:rules:rule config contains disallowed keys: start_in", line: 5)
        expectError("""
            build:
              script: make
              rules:
                - when: delayed
                  start_in: 2 weeks
            """, "jobs:build:rules:rule start in should not exceed the limit", line: 5)
        expectError("""
            build:
              script: make
              only: [main]
              rules:
                - when: always
            """, "jobs:build config key may not be used with `rules`: only", line: 3)
        expectError("""
            build:
              script: make
              rules: {if: $A}
            """, "jobs:build rules should be an array containing hashes and arrays of hashes", line: 3)
    }

    @Test func onlyAndExcept() {
        expectValid("""
            build:
              script: make
              only: [main, /^release-.*$/, merge_requests]
              except:
                refs: [tags]
                variables: ['$SKIP == "1"']
                changes: [docs/**/*]
                kubernetes: active
            """)
        expectError("""
            build:
              script: make
              only: main
            """, "jobs:build:only has to be either an array of conditions or a hash", line: 3)
        expectError("""
            build:
              script: make
              only: [main, 1]
            """, "jobs:build:only config should be an array of strings or regular expressions using re2 syntax", line: 3)
        expectError("""
            build:
              script: make
              except:
                kubernetes: passive
            """, "jobs:build:except kubernetes unknown value: passive", line: 4)
        expectError("""
            build:
              script: make
              except:
                branches: [main]
            """, "jobs:build:except config contains unknown keys: branches", line: 4)
    }

    @Test func when() {
        expectValid("build: {script: make, when: manual}")
        expectError("""
            build:
              script: make
              when: never
            """, "jobs:build when should be one of: on_success, on_failure, always, manual, delayed", line: 3)
        // Values are case sensitive.
        expectError("""
            build:
              script: make
              when: Manual
            """, "jobs:build when should be one of: on_success, on_failure, always, manual, delayed", line: 3)
    }

    @Test func startIn() {
        expectValid("build: {script: make, when: delayed, start_in: 30 minutes}")
        expectError("""
            build:
              script: make
              when: delayed
              start_in: 2 weeks
            """, "jobs:build start in should not exceed the limit", line: 4)
        expectError("""
            build:
              script: make
              when: delayed
              start_in: soon
            """, "jobs:build start in should be a duration", line: 4)
        expectError("""
            build:
              script: make
              when: delayed
            """, "jobs:build start in should be a duration", line: 3)
        expectError("""
            build:
              script: make
              start_in: 30 minutes
            """, "jobs:build start in must be blank", line: 3)
    }
}
