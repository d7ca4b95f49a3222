import GantryPipeline
import Testing

/// Job keyword checks for deployments: environment, release, resource_group, interruptible, tags, manual_confirmation, pages.
extension JobValidationTests {
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
}
