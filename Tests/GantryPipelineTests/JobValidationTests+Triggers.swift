import GantryPipeline
import Testing

/// Job keyword checks: trigger jobs, hooks, and the run and EE keywords.
extension JobValidationTests {
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
}
