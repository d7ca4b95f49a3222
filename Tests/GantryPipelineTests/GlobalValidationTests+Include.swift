import GantryPipeline
import Testing

/// Global keyword checks: include.
extension GlobalValidationTests {
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
}
