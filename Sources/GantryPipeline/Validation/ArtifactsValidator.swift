import GantryYAML

/// `artifacts:` (`Entry::Artifacts`, `Entry::Reports`, `Reports::CoverageReport`).
enum ArtifactsValidator {
    /// `scope` is the artifacts location (`jobs:test:artifacts`).
    static func validate(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else {
            scope.config("should be a hash", at: node.mark, into: &diagnostics)
            return
        }
        NodeChecks.checkAllowedKeys(map, KeywordLists.artifactsKeys, scope: scope, into: &diagnostics)
        NodeChecks.checkMutuallyExclusive(map, ["access", "public"], scope: scope, into: &diagnostics)
        NodeChecks.checkString(map, "name", scope: scope, into: &diagnostics)
        NodeChecks.checkBoolean(map, "public", scope: scope, into: &diagnostics)
        NodeChecks.checkBoolean(map, "untracked", scope: scope, into: &diagnostics)

        let exposeAs = map["expose_as"].flatMap { $0.isNull ? nil : $0 }
        let paths = map["paths"].flatMap { $0.isNull ? nil : $0 }
        if let paths {
            if !NodeChecks.isArrayOfStrings(paths) {
                scope.error("paths", "should be an array of strings", at: paths.mark, into: &diagnostics)
            } else if exposeAs != nil, paths.sequence!.contains(where: { $0.string!.contains("*") }) {
                scope.error("paths", "can't contain '*' when used with 'expose_as'", at: paths.mark, into: &diagnostics)
            }
        }
        if let exposeAs {
            if paths == nil || NodeChecks.isBlank(paths!) {
                scope.error("paths", "can't be blank", at: paths?.mark ?? exposeAs.mark, into: &diagnostics)
            }
            if let text = exposeAs.string {
                if text.count > KeywordLists.exposeAsMaxLength {
                    scope.error("expose_as", "is too long (maximum is \(KeywordLists.exposeAsMaxLength) characters)",
                                at: exposeAs.mark, into: &diagnostics)
                }
                if !isExposeAsName(text) {
                    scope.error("expose_as", "can contain only letters, digits, '-', '_' and spaces", at: exposeAs.mark,
                                into: &diagnostics)
                }
            } else {
                scope.error("expose_as", "should be a string", at: exposeAs.mark, into: &diagnostics)
            }
        }
        if let exclude = map["exclude"], !exclude.isNull, !NodeChecks.isArrayOfStrings(exclude) {
            scope.error("exclude", "should be an array of strings", at: exclude.mark, into: &diagnostics)
        }
        checkChoice(map, "when", KeywordLists.artifactsWhen, scope: scope, into: &diagnostics)
        checkChoice(map, "access", KeywordLists.artifactsAccess, scope: scope, into: &diagnostics)
        if let expireIn = map["expire_in"], !expireIn.isNull {
            DurationCheck.check(expireIn, attribute: "expire_in", scope: scope, allowNever: true, into: &diagnostics)
        }
        if let reports = map["reports"], !reports.isNull {
            // `validates :reports, type: Hash` on the artifacts entry: "artifacts reports should be a hash".
            if reports.mapping == nil {
                scope.error("reports", "should be a hash", at: reports.mark, into: &diagnostics)
            } else {
                validateReports(reports, scope: scope.child("reports"), into: &diagnostics)
            }
        }
    }

    /// `validates :key, type: String, inclusion: { in: ..., message: "should be one of: ..." }`.
    static func checkChoice(_ map: Mapping, _ key: String, _ allowed: [String], scope: ValidationScope,
                            into diagnostics: inout Diagnostics) {
        guard let value = map[key], !value.isNull else { return }
        if !NodeChecks.isString(value) {
            scope.error(key, "should be a string", at: value.mark, into: &diagnostics)
        }
        if value.string.map(allowed.contains) != true {
            scope.error(key, "should be one of: " + allowed.joined(separator: ", "), at: value.mark, into: &diagnostics)
        }
    }

    /// `\A\w[-\w ]*\z`
    private static func isExposeAsName(_ text: String) -> Bool {
        func word(_ c: Character) -> Bool { c == "_" || c.isLetter || c.isNumber }
        guard let first = text.first, word(first) else { return false }
        return text.dropFirst().allSatisfy { word($0) || $0 == "-" || $0 == " " }
    }

    private static func validateReports(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else { return }
        NodeChecks.checkAllowedKeys(map, Set(KeywordLists.reportKeys), scope: scope, into: &diagnostics)
        for entry in map.entries where KeywordLists.reportKeys.contains(entry.key) && !entry.value.isNull {
            if entry.key == "coverage_report" {
                validateCoverageReport(entry.value, scope: scope.child("coverage_report"), into: &diagnostics)
            } else if !NodeChecks.isArrayOfStringsOrString(entry.value) {
                scope.error(entry.key, "should be an array of strings or a string", at: entry.value.mark,
                            into: &diagnostics)
            }
        }
    }

    /// `{coverage_format: cobertura|jacoco, path: ...}`.
    private static func validateCoverageReport(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else {
            scope.config("should be a hash", at: node.mark, into: &diagnostics)
            return
        }
        NodeChecks.checkAllowedKeys(map, ["coverage_format", "path"], scope: scope, into: &diagnostics)
        let format = map["coverage_format"]
        if format == nil || NodeChecks.isBlank(format!) {
            scope.error("coverage_format", "can't be blank", at: format?.mark ?? node.mark, into: &diagnostics)
        } else if format!.string.map(KeywordLists.coverageFormats.contains) != true {
            scope.error("coverage_format", "must be one of supported formats: "
                        + KeywordLists.coverageFormats.joined(separator: ", ") + ".", at: format!.mark, into: &diagnostics)
        }
        let path = map["path"]
        if path == nil || NodeChecks.isBlank(path!) {
            scope.error("path", "can't be blank", at: path?.mark ?? node.mark, into: &diagnostics)
        } else if !NodeChecks.isString(path!) {
            scope.error("path", "should be a string", at: path!.mark, into: &diagnostics)
        }
    }
}
