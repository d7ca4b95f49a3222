import GantryPipeline
import Testing

/// The global keywords' checks; workflow and include have files of their own.
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
