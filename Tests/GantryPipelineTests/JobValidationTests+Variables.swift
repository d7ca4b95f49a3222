import GantryPipeline
import Testing

/// Job keyword checks: variables, ID tokens and secrets.
extension JobValidationTests {
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
}
