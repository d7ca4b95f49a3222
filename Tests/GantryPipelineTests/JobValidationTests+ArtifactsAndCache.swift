import GantryPipeline
import Testing

/// Job keyword checks: artifacts, cache and coverage.
extension JobValidationTests {
    @Test func artifacts() {
        expectValid("""
            test:
              script: make
              artifacts:
                name: $CI_JOB_NAME
                paths: [out/]
                exclude: [out/*.tmp]
                untracked: false
                when: always
                expire_in: 1 week
                expose_as: Build output
                access: developer
                reports:
                  junit: report.xml
                  dotenv: [build.env]
                  coverage_report:
                    coverage_format: cobertura
                    path: coverage.xml
            keep: {script: make, artifacts: {paths: [a], expire_in: never}}
            """)
        expectError("""
            test:
              script: make
              artifacts:
                when: sometimes
            """, "jobs:test:artifacts when should be one of: on_success, on_failure, always", line: 4)
        expectError("""
            test:
              script: make
              artifacts:
                paths: [a]
                expire_in: 1 eon
            """, "jobs:test:artifacts expire in should be a duration", line: 5)
        expectError("""
            test:
              script: make
              artifacts:
                expose_as: Output
            """, "jobs:test:artifacts paths can't be blank", line: 4)
        expectError("""
            test:
              script: make
              artifacts:
                paths: [a]
                expose_as: out/put
            """, "jobs:test:artifacts expose as can contain only letters, digits, '-', '_' and spaces", line: 5)
        expectError("""
            test:
              script: make
              artifacts:
                paths: [a]
                public: false
                access: none
            """, "jobs:test:artifacts config these keys cannot be used together: public, access", line: 6)
        expectError("""
            test:
              script: make
              artifacts:
                reports:
                  junit: 1
                  flaky: a.xml
            """, "jobs:test:artifacts:reports junit should be an array of strings or a string", line: 5)
        expectError("""
            test:
              script: make
              artifacts:
                reports:
                  flaky: a.xml
            """, "jobs:test:artifacts:reports config contains unknown keys: flaky", line: 5)
        expectError("""
            test:
              script: make
              artifacts:
                reports:
                  coverage_report:
                    coverage_format: lcov
                    path: lcov.info
            """, "jobs:test:artifacts:reports:coverage_report coverage format must be one of supported formats: "
            + "cobertura, jacoco.", line: 6)
        expectError("""
            test:
              script: make
              artifacts: [a]
            """, "jobs:test:artifacts config should be a hash", line: 3)
    }

    @Test func cache() {
        expectValid("""
            a:
              script: make
              cache:
                key: $CI_COMMIT_REF_SLUG
                paths: [node_modules/]
                policy: pull
                when: on_failure
                unprotect: true
                fallback_keys: [main]
            b:
              script: make
              cache:
                - key: {files: [Gemfile.lock], prefix: gems}
                  paths: [vendor/]
                - key: npm
                  paths: [.npm/]
                  policy: $CACHE_POLICY
            """)
        expectError("""
            build:
              script: make
              cache: [{key: a}, {key: b}, {key: c}, {key: d}, {key: e}]
            """, "jobs:build:caches config no more than 4 caches can be created", line: 3)
        expectError("""
            build:
              script: make
              cache:
                policy: fetch
            """, "jobs:build:cache policy should be a variable or one of: pull-push, push, pull", line: 4)
        expectError("""
            build:
              script: make
              cache:
                key:
                  files: [a, b, c, d, e, f, g, h, i, j, k]
            """, "jobs:build:cache:key:files config has too many items (maximum is 10)", line: 5)
        expectError("""
            build:
              script: make
              cache:
                key: a/b
            """, "jobs:build:cache:key config cannot contain the \"/\" character", line: 4)
        expectError("""
            build:
              script: make
              cache:
                key: 1
            """, "jobs:build:cache:key should be a hash, a string or a symbol", line: 4)
        expectError("""
            build:
              script: make
              cache:
                when: never
            """, "jobs:build:cache when should be one of: on_success, on_failure, always", line: 4)
        expectError("""
            build:
              script: make
              cache: node_modules
            """, "jobs:build:caches config can only be a hash or an array", line: 3)
        expectError("""
            build:
              script: make
              cache:
                paths: [a]
                untracked: "yes"
            """, "jobs:build:cache:untracked config should be a boolean value", line: 5)
    }

    @Test func coverage() {
        expectValid(#"build: {script: make, coverage: '/Total: (\d+\.\d+)%/'}"#)
        expectValid(#"build: {script: make, coverage: '/lines\s+(?P<pct>\d+)%/i'}"#)
        expectError("""
            build:
              script: make
              coverage: 'Total: (\\d+)%'
            """, "jobs:build:coverage config must be a regular expression with re2 syntax", line: 3)
        expectError("""
            build:
              script: make
              coverage: '/(?=Total)/'
            """, "jobs:build:coverage config must be a regular expression with re2 syntax", line: 3)
        // RE2 has no \Z.
        expectError(#"""
            build:
              script: make
              coverage: '/Total: (\d+)%\Z/'
            """#, "jobs:build:coverage config must be a regular expression with re2 syntax", line: 3)
    }
}
