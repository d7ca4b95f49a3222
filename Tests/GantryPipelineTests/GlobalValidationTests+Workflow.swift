import GantryPipeline
import Testing

/// Global keyword checks: workflow.
extension GlobalValidationTests {
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
}
