import GantryPipeline
import GantryYAML
import Testing

/// Validates every top-level entry of `yaml` the way the loader does: global keywords with
/// `GlobalValidator`, everything else as a job.
private func validationDiagnostics(_ yaml: String) -> Diagnostics {
    var diagnostics = Diagnostics()
    guard let document = try? YAMLLoader.load(yaml, file: "t.yml"), let root = document.root?.mapping else {
        Issue.record("test YAML did not load as a mapping")
        return diagnostics
    }
    for entry in root.entries {
        if GlobalValidator.keywords.contains(entry.key) {
            GlobalValidator.validate(key: entry.key, keyMark: entry.keyMark, value: entry.value, into: &diagnostics)
        } else {
            JobValidator.validate(name: entry.key, nameMark: entry.keyMark, job: entry.value, into: &diagnostics)
        }
    }
    return diagnostics
}

/// `prefix`: the message may go on with detail (expression errors name the parser's reason).
private func expectError(_ yaml: String, _ message: String, line: Int, prefix: Bool = false,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    let diagnostics = validationDiagnostics(yaml)
    let found = diagnostics.errors.contains {
        (prefix ? $0.message.hasPrefix(message) : $0.message == message) && $0.mark.line == line
    }
    #expect(found, "expected t.yml:\(line): \(message)\ngot: \(diagnostics.items.map(\.description))",
            sourceLocation: sourceLocation)
}

private func expectValid(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let diagnostics = validationDiagnostics(yaml)
    #expect(diagnostics.items.isEmpty, "expected no findings, got: \(diagnostics.items.map(\.description))",
            sourceLocation: sourceLocation)
}

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

    @Test func variables() {
        expectValid("""
            build:
              script: make
              variables:
                A: text
                B: 10
                C: true
                D: {value: x, expand: false}
            """)
        expectError("""
            build:
              script: make
              variables:
                A: [1, 2]
            """, "jobs:build:variables:A variable definition must be either a string or a hash", line: 4)
        expectError("""
            build:
              script: make
              variables:
                A: {value: x, description: only at the top}
            """, "jobs:build:variables:A config uses invalid data keys: description", line: 4)
        expectError("""
            build:
              script: make
              variables:
                A: {value: x, expand: "no"}
            """, "jobs:build:variables:A config expand should be a boolean value", line: 4)
        expectError("""
            build:
              script: make
              variables: [A]
            """, "jobs:build:variables config should be a hash", line: 3)
    }

    @Test func numericVariableValuesThatChangeWarn() {
        let diagnostics = validationDiagnostics("""
            build:
              script: make
              variables:
                PYTHON_VERSION: 3.10
                QUOTED: "3.10"
                SAME: 3.11
                COUNT: 010
            """)
        #expect(diagnostics.errors.isEmpty)
        let warnings = diagnostics.warnings
        #expect(warnings.count == 2, "\(warnings)")
        #expect(warnings.contains {
            $0.mark.line == 4 && $0.mark.column == 21 && $0.message.hasPrefix("jobs:build:variables:PYTHON_VERSION value 3.10")
                && $0.message.contains("\"3.1\"")
        }, "\(warnings)")
        #expect(warnings.contains { $0.mark.line == 7 && $0.message.contains("becomes \"8\"") }, "\(warnings)")
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
                  files: [a, b, c]
            """, "jobs:build:cache:key:files config has too many items (maximum is 2)", line: 5)
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

    @Test func idTokens() {
        expectValid("""
            build:
              script: make
              id_tokens:
                VAULT_ID_TOKEN: {aud: https://vault.example.com}
                OTHER: {aud: [a, b]}
            """)
        expectError("""
            build:
              script: make
              id_tokens:
                VAULT_ID_TOKEN: {aud: 1}
            """, "jobs:build:id_tokens:VAULT_ID_TOKEN aud should be an array of strings or a string", line: 4)
        expectError("""
            build:
              script: make
              id_tokens:
                VAULT_ID_TOKEN: {audience: x}
            """, "jobs:build:id_tokens:VAULT_ID_TOKEN config missing required keys: aud", line: 4)
    }

    @Test func secrets() {
        expectValid("""
            build:
              script: make
              secrets:
                DATABASE_PASSWORD:
                  vault: production/db/password@ops
                  file: false
            """)
        expectError("""
            build:
              script: make
              secrets:
                DATABASE_PASSWORD:
                  file: true
            """, "jobs:build:secrets:DATABASE_PASSWORD config must use exactly one of these keys: "
            + "vault, azure_key_vault, gcp_secret_manager, akeyless, gitlab_secrets_manager", line: 5)
    }

    @Test func environment() {
        expectValid("""
            a: {script: make, environment: production}
            b:
              script: make
              environment:
                name: review/$CI_COMMIT_REF_SLUG
                url: https://$CI_ENVIRONMENT_SLUG.example.com
                action: start
                on_stop: stop_review
                auto_stop_in: 1 day
                deployment_tier: development
                kubernetes: {agent: group/project:agent}
            """)
        expectError("""
            deploy:
              script: make
              environment:
                name: review/
            """, "jobs:deploy:environment name can contain only letters, digits, '-', '_', '/', '$', '{', '}', '.', "
            + "and spaces, but it cannot start or end with '/'", line: 4)
        expectError("""
            deploy:
              script: make
              environment:
                name: prod
                action: begin
            """, "jobs:deploy:environment action should be start, stop, prepare, verify, or access", line: 5)
        expectError("""
            deploy:
              script: make
              environment:
                url: https://example.com
            """, "jobs:deploy:environment name can't be blank", line: 4)
        expectError("""
            deploy:
              script: make
              environment: [prod]
            """, "jobs:deploy:environment config should be a hash or a string", line: 3)
    }

    @Test func release() {
        expectValid("""
            release:
              script: make
              release:
                tag_name: $CI_COMMIT_TAG
                description: Release $CI_COMMIT_TAG
                milestones: [m1]
                released_at: '2024-01-01T00:00:00Z'
                assets:
                  links:
                    - name: binary
                      url: https://example.com/bin
            """)
        expectError("""
            release:
              script: make
              release:
                tag_name: v1
            """, "jobs:release:release description can't be blank", line: 4)
        expectError("""
            release:
              script: make
              release:
                tag_name: v1
                description: d
                notes: n
            """, "jobs:release:release config contains unknown keys: notes", line: 6)
    }

    @Test func resourceGroupInterruptibleTagsManualConfirmation() {
        expectValid("""
            build:
              script: make
              resource_group: production
              interruptible: true
              tags: [docker, linux]
              when: manual
              manual_confirmation: Really deploy?
            """)
        expectError("""
            build:
              script: make
              resource_group: 1
            """, "jobs:build resource group should be a string", line: 3)
        expectError("""
            build:
              script: make
              interruptible: "true"
            """, "jobs:build:interruptible config should be a boolean value", line: 3)
        expectError("""
            build:
              script: make
              tags: [docker, 1]
            """, "jobs:build:tags config should be an array of strings", line: 3)
        expectError("""
            build:
              script: make
              manual_confirmation: 1
            """, "jobs:build manual confirmation should be a string", line: 3)
    }

    @Test func triggerJobs() {
        expectValid("""
            a: {trigger: group/project}
            b:
              trigger:
                include: child.yml
                strategy: depend
                forward: {pipeline_variables: true}
            c:
              trigger: {project: group/project, branch: main, strategy: mirror}
              when: manual
            d:
              needs:
                - pipeline: other/project
            """)
        expectError("""
            deploy:
              trigger:
                project: group/project
                strategy: wait
            """, "jobs:deploy:trigger strategy should be depend or mirror", line: 4)
        expectError("""
            deploy:
              trigger: 1
            """, "jobs:deploy:trigger has to be either a string or a hash", line: 2)
        expectError("""
            deploy:
              trigger: group/project
              image: ruby
            """, "jobs:deploy config contains unknown keys: image", line: 3)
        expectError("""
            deploy:
              script: make
              trigger: group/project
            """, "jobs:deploy config these keys cannot be used together: script, trigger", line: 3)
        expectError("""
            deploy:
              needs: [build]
            """, "jobs:deploy config should contain either a trigger or a needs:pipeline", line: 1)
        expectError("""
            deploy:
              trigger:
                include: [a.yml, b.yml, c.yml, d.yml]
            """, "jobs:deploy:trigger:include config is too long (maximum is 3)", line: 3)
    }

    @Test func pagesAndPublish() {
        expectValid("""
            pages:
              script: make
              pages: {path_prefix: v1, expire_in: 1 week}
              publish: dist
            """)
        expectError("""
            site:
              script: make
              pages:
                path_prefix: 1
            """, "jobs:site:pages path prefix should be a string", line: 4)
        expectError("""
            build:
              script: make
              publish: dist
            """, "jobs:build publish can only be used within a `pages` job", line: 3)
    }

    @Test func hooks() {
        expectValid("build: {script: make, hooks: {pre_get_sources_script: [git config --global x y]}}")
        expectError("""
            build:
              script: make
              hooks:
                post_get_sources_script: echo
            """, "jobs:build:hooks config contains unknown keys: post_get_sources_script", line: 4)
    }

    @Test func runAndEEKeywords() {
        expectValid("""
            build:
              run:
                - name: hello
                  script: echo hello
              dast_configuration: {site_profile: site, scanner_profile: scan}
              identity: google_cloud
            """)
        expectError("""
            build:
              script: make
              run: [{name: a, script: b}]
            """, "jobs:build config these keys cannot be used together: script, run", line: 3)
        expectError("""
            build:
              script: make
              dast_configuration: {site: x}
            """, "jobs:build:dast_configuration config contains unknown keys: site", line: 3)
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

@Suite struct GlobalValidationTests {
    @Test func stages() {
        expectValid("stages: [build, test, [deploy, cleanup]]")
        expectError("stages: [build, 1]",
                    "stages config should be an array of strings or a nested array of strings up to 10 levels deep",
                    line: 1)
    }

    @Test func variables() {
        expectValid("""
            variables:
              DEPLOY_ENV:
                value: staging
                description: Where to deploy
                options: [staging, production]
                expand: false
              PLAIN: text
            """)
        expectError("""
            variables:
              DEPLOY_ENV:
                value: qa
                options: [staging, production]
            """, "variables:DEPLOY_ENV config value must be present in options", line: 3)
        expectError("""
            variables:
              A: {value: x, hint: y}
            """, "variables:A config uses invalid data keys: hint", line: 2)
        let diagnostics = validationDiagnostics("variables:\n  PYTHON_VERSION: 3.10\n")
        #expect(diagnostics.errors.isEmpty)
        #expect(diagnostics.warnings.first?.message.hasPrefix("variables:PYTHON_VERSION value 3.10 is read as a number")
                == true, "\(diagnostics.warnings)")
    }

    @Test func defaultSection() {
        expectValid("""
            default:
              image: ruby:3.3
              services: [postgres]
              before_script: [bundle install]
              after_script: echo done
              cache: {paths: [vendor/]}
              artifacts: {expire_in: 1 day}
              retry: 1
              timeout: 30m
              interruptible: true
              tags: [docker]
              hooks: {pre_get_sources_script: echo}
              id_tokens: {T: {aud: x}}
            """)
        expectError("""
            default:
              image: ruby
              script: make
            """, "default config contains unknown keys: script", line: 3)
        expectError("""
            default:
              image: [ruby]
            """, "default:image config should be a hash or a string", line: 2)
        expectError("""
            default:
              retry: 3
            """, "default:retry config must be less than or equal to 2", line: 2)
        expectError("""
            default:
              cache: {policy: fetch}
            """, "default:cache policy should be a variable or one of: pull-push, push, pull", line: 2)
    }

    @Test func workflow() {
        expectValid("""
            workflow:
              name: Pipeline for $CI_COMMIT_REF_NAME
              auto_cancel: {on_new_commit: interruptible, on_job_failure: all}
              rules:
                - if: $CI_PIPELINE_SOURCE == "merge_request_event"
                  variables: {DEPLOY: "false"}
                  auto_cancel: {on_new_commit: none}
                - changes: [src/*]
                  when: always
                - when: never
            """)
        expectError("""
            workflow:
              rules:
                - if: $A
                  when: manual
            """, "workflow:rules:rule when unknown value: manual", line: 4)
        expectError("""
            workflow:
              rules:
                - if: $A
                  interruptible: true
            """, "workflow:rules:rule config contains unknown keys: interruptible", line: 4)
        expectError("""
            workflow:
              auto_cancel:
                on_new_commit: always
            """, "workflow:auto_cancel on new commit must be one of: conservative, interruptible, none", line: 3)
        expectError("""
            workflow:
              when: always
            """, "workflow config contains unknown keys: when", line: 2)
    }

    @Test func include() {
        expectValid("""
            include:
              - local: /ci/build.yml
              - project: group/templates
                ref: main
                file: [a.yml, b.yml]
              - remote: https://example.com/ci.yml
              - template: Auto-DevOps.gitlab-ci.yml
              - component: $CI_SERVER_FQDN/group/comp@1.0
                inputs: {stage: test}
              - local: /ci/extra.yml
                rules:
                  - if: $CI_COMMIT_BRANCH == "main"
                  - exists: [extra.txt]
                    when: never
              - ci/other.yml
            """)
        expectValid("include: ci/one.yml")
        expectError("""
            include:
              - path: a.yml
            """, "`{\"path\":\"a.yml\"}` does not have a valid subkey for include. "
            + "Valid subkeys are: `local`, `project`, `remote`, `template`, `artifact`, `component`", line: 2)
        expectError("""
            include:
              - local: a.yml
                remote: https://example.com/b.yml
            """, "Each include must use only one of: `local`, `project`, `remote`, `template`, `artifact`, `component`",
            line: 2)
        expectError("""
            include:
              project: group/templates
            """, "include config must specify the file where to fetch the config from", line: 2)
        expectError("""
            include:
              - local: a.yml
                rules:
                  - when: manual
            """, "include:rules:rule when unknown value: manual", line: 4)
        expectError("""
            include:
              - local: a.yml
                rules: {if: $A}
            """, "include rules should be an array of hashes", line: 3)
    }

    @Test func deprecatedGlobals() {
        expectValid("""
            image: ruby
            services: [postgres]
            cache: {key: one, paths: [a]}
            before_script: [echo]
            after_script: echo
            """)
        expectError("image: {name: ruby, ports: [80]}", "image config contains disallowed keys: ports", line: 1)
        expectError("services: [1]", "services:service config should be a hash or a string", line: 1)
        expectError("cache: {key: ..}", "cache:key config cannot be \".\" or \"..\"", line: 1)
        expectError("before_script: {a: b}",
                    "before_script config should be a string or a nested array of strings up to 10 levels deep", line: 1)
    }
}

/// "Did you mean" on names that are not known (issue 10: lint messages).
struct SuggestionTests {
    @Test func misspelledScriptInAJobWithExtendsIsNamedWithTheKeyword() {
        let r = load(".base:\n  image: python:3.11\njob:\n  extends: .base\n  scirpt: [echo]\n")
        #expect(errors(r) == ["jobs job config should implement the script:, run:, or trigger: keyword",
                              "jobs:job config contains unknown keys: scirpt (`scirpt`: did you mean `script`?)"])
        #expect(r.diagnostics.errors.last?.mark.line == 5)
    }

    @Test func unknownJobKeysGetTheirKeyword() {
        let r = load("job:\n  script: [echo]\n  artifact: {paths: [x]}\n  befor_script: [x]\n")
        #expect(errors(r) == ["jobs:job config contains unknown keys: artifact, befor_script (`artifact`: did you mean `artifacts`? `befor_script`: did you mean `before_script`?)"])
    }

    @Test func keywordsInTheWrongPlaceAndFarNamesGetNoGuess() {
        let r = load("job:\n  script: [echo]\n  colour: red\n")
        #expect(errors(r) == ["jobs:job config contains unknown keys: colour"])
    }

    @Test func extendsAndNeedsTargetsGetTheClosestName() {
        #expect(errors(load(".python-job:\n  image: python\njob:\n  extends: .pyhton-job\n  script: [x]\n"))
                == ["job: unknown keys in `extends` (.pyhton-job); did you mean `.python-job`?"])
        #expect(errors(load("build:\n  script: [x]\ntest:\n  script: [x]\n  needs: [biuld]\n"))
                == ["test job: undefined need: biuld; did you mean `build`?"])
    }

    @Test func yamlSyntaxErrorsGetAPlainWordsHintAfterLibyamlsMessage() {
        let tab = errors(load("job:\n\tscript: [x]\n"))
        #expect(tab.first?.hasSuffix(". Hint: line 2 contains a tab character; YAML indents with spaces only") == true)
        let noSpace = load("job:\n  script:echo\n  stage: test\n")
        #expect(noSpace.diagnostics.errors.first?.description
                == ".gitlab-ci.yml:3:8: mapping values are not allowed in this context. Hint: on line 2 `script:` is not followed by a space, so it is not read as a key; write `script: ...`")
        let indent = errors(load("job:\n  script: [x]\n   stage: test\n"))
        #expect(indent.first?.hasPrefix("did not find expected key while parsing a block mapping") == true)
        #expect(indent.first?.contains("Hint: check the indentation of line 3") == true)
        let quote = errors(load("job:\n  script: [\"echo hi]\n  stage: x\n"))
        #expect(quote.first?.hasSuffix("Hint: a quoted string is not closed; every `\"` or `'` that opens a value needs its partner") == true)
        // Limits and encoding errors carry no syntax hint.
        #expect(errors(load("a: " + String(repeating: "[", count: 101) + String(repeating: "]", count: 101))).first?.contains("Hint") == false)
    }
}
