import GantryPipeline
import GantryYAML
import Testing


/// Validates every top-level entry of `yaml` the way the loader does: global keywords with
/// `GlobalValidator`, everything else as a job.
func validationDiagnostics(_ yaml: String) -> Diagnostics {
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
func expectError(_ yaml: String, _ message: String, line: Int, prefix: Bool = false,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    let diagnostics = validationDiagnostics(yaml)
    let found = diagnostics.errors.contains {
        (prefix ? $0.message.hasPrefix(message) : $0.message == message) && $0.mark.line == line
    }
    #expect(found, "expected t.yml:\(line): \(message)\ngot: \(diagnostics.items.map(\.description))",
            sourceLocation: sourceLocation)
}

func expectValid(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let diagnostics = validationDiagnostics(yaml)
    #expect(diagnostics.items.isEmpty, "expected no findings, got: \(diagnostics.items.map(\.description))",
            sourceLocation: sourceLocation)
}
