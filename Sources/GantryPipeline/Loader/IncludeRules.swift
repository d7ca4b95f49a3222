import GantryYAML

/// `include: rules:` — `if` and `exists` decide whether a file is included; `when: never` skips it.
struct IncludeRules {
    let variables: [String: String]
    let source: SourceProvider

    func allow(_ rules: Node, diagnostics: inout Diagnostics) -> Bool {
        guard let list = rules.sequence else {
            diagnostics.error(rules.mark, "include rules config should be an array of hashes")
            return false
        }
        for rule in list {
            guard let map = rule.mapping else { continue }
            var matched = true
            if let condition = map["if"]?.string {
                do {
                    matched = try RuleExpression(condition).evaluate(variables)
                } catch {
                    diagnostics.error(map["if"]!.mark, "include rules:if `\(condition)`: \(error.message) at column \(error.column)")
                    return false
                }
            }
            if matched, let exists = map["exists"] {
                let patterns = (exists.sequence ?? exists.mapping?["paths"]?.sequence ?? [exists]).compactMap(\.string)
                let files = source.allFiles()
                matched = patterns.contains { pattern in
                    let glob = Glob(pattern)
                    return files.contains { glob.matches($0) }
                }
            }
            if matched { return map["when"]?.string != "never" }
        }
        return false
    }
}
