import GantryPipeline
import Testing

/// Each job keyword's checks, with GitLab's messages; the keyword families have files of their own
/// (`JobValidationTests+*.swift`).
@Suite struct JobValidationTests {
    @Test func unknownKeysAreListedOnTheFirstOne() {
        expectError("""
            build:
              script: make
              foo: 1
              bar: 2
            """, "jobs:build config contains unknown keys: foo, bar", line: 3)
    }

    @Test func jobWithoutScriptRunOrTrigger() {
        expectError("""
            build:
              stage: test
            """, "jobs build config should implement the script:, run:, or trigger: keyword", line: 1)
    }

    @Test func script() {
        expectValid("""
            build:
              script:
                - make
                - [make test, [make install]]
            """)
        // A plain 3.10 is a float to Psych, not a string.
        expectError("""
            build:
              script: 3.10
            """, "jobs:build:script config should be a string or a nested array of strings up to 10 levels deep",
            line: 2)
        expectError("""
            build:
              script: []
            """, "jobs:build script can't be blank", line: 2)
    }

    @Test func beforeAndAfterScript() {
        expectValid("""
            build:
              before_script: echo hi
              script: make
              after_script: [echo bye]
            """)
        expectError("""
            build:
              before_script: {run: x}
              script: make
            """, "jobs:build:before_script config should be a string or a nested array of strings up to 10 levels deep",
            line: 2)
        expectError("""
            build:
              script: make
              after_script: [echo, 1]
            """, "jobs:build:after_script config should be a string or a nested array of strings up to 10 levels deep",
            line: 3)
    }

    @Test func stage() {
        expectValid("build: {script: make, stage: deploy}")
        expectError("""
            build:
              script: make
              stage: [test]
            """, "jobs:build:stage config should be a string", line: 3)
    }

    @Test func image() {
        expectValid("""
            a:
              script: make
              image: ruby:3.3
            b:
              script: make
              image:
                name: ruby:3.3
                entrypoint: [""]
                pull_policy: [always, if-not-present]
                docker: {platform: arm64/v8, user: dave}
            """)
        expectError("""
            build:
              script: make
              image:
                entrypoint: ["/bin/sh"]
            """, "jobs:build:image name can't be blank", line: 4)
        expectError("""
            build:
              script: make
              image: {name: ruby, tag: 3}
            """, "jobs:build:image config contains unknown keys: tag", line: 3)
        expectError("""
            build:
              script: make
              image: 3.3
            """, "jobs:build:image config should be a hash or a string", line: 3)
        expectError("""
            build:
              script: make
              image:
                name: ruby
                pull_policy: sometimes
            """, "jobs:build:image:pull_policy config is not included in the list", line: 5)
        expectError("""
            build:
              script: make
              image:
                name: ruby
                docker: {user: 1000}
            """, "jobs:build:image executor opts value at `/docker/user` is not a string", line: 5)
    }

    @Test func services() {
        expectValid("""
            build:
              script: make
              services:
                - postgres:16
                - name: redis
                  alias: cache
                  command: [redis-server, --appendonly, "yes"]
                  variables: {REDIS_PORT: "6379"}
            """)
        expectError("""
            build:
              script: make
              services: postgres
            """, "jobs:build:services config should be an array", line: 3)
        expectError("""
            build:
              script: make
              services:
                - name: redis
                  alias: 1
            """, "jobs:build:services:service alias should be a string", line: 5)
        expectError("""
            build:
              script: make
              services:
                - name: redis
                  variables:
                    A: {value: x}
            """, "jobs:build:services:service:variables:A config must be a string", line: 6)
    }

    @Test func extends() {
        expectValid("build: {script: make, extends: [.a, .b]}")
        expectError("""
            build:
              script: make
              extends: {from: .a}
            """, "jobs:build extends should be an array of strings or a string", line: 3)
    }

    @Test func inherit() {
        expectValid("""
            build:
              script: make
              inherit:
                default: [image, retry]
                variables: false
            """)
        expectError("""
            build:
              script: make
              inherit:
                default: [image, foo]
            """, "jobs:build:inherit:default config contains unknown values: foo", line: 4)
        expectError("""
            build:
              script: make
              inherit:
                variables: 1
            """, "jobs:build:inherit:variables should be a bool or array of strings", line: 4)
        expectError("""
            build:
              script: make
              inherit: {defaults: false}
            """, "jobs:build:inherit config contains unknown keys: defaults (`defaults`: did you mean `default`?)", line: 3)
    }

    @Test func hiddenJobsOnlyNeedContent() {
        expectValid(".template: {script: 1, when: whenever}")
        expectError(".template:", "jobs:.template config can't be blank", line: 1)
    }

    @Test func everyErrorIsReported() {
        let diagnostics = validationDiagnostics("""
            build:
              script: 1
              when: later
              retry: 9
              tags: linux
            """)
        #expect(diagnostics.errors.count == 4, "\(diagnostics.errors.map(\.description))")
        #expect(diagnostics.errors.map(\.mark.line).sorted() == [2, 3, 4, 5])
    }
}
