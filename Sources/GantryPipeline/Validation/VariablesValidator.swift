import GantryYAML

/// `variables:` (`Entry::Variables`, `Entry::Variable`) and `parallel:matrix` variables
/// (`Entry::Product::Variables`), with a warning where YAML typing changes a value.
enum VariablesValidator {
    /// `allowedData` is the `allowed_value_data` of the place: the top level allows
    /// `value`/`description`/`expand`/`options`, jobs `value`/`expand`, services and rules none.
    static func validate(_ node: Node, scope: ValidationScope, allowedData: Set<String>,
                         into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else {
            scope.config("should be a hash", at: node.mark, into: &diagnostics)
            return
        }
        for entry in map.entries {
            let variable = scope.child(entry.key)
            let value = entry.value
            switch value.content {
            case .mapping(let data):
                validateData(data, mark: value.mark, scope: variable, allowedData: allowedData, into: &diagnostics)
            case .scalar where value.isNull:
                // GitLab reads `VAR:` as `VAR: {}`: fine where a hash is, "must be a string" where not.
                if allowedData.isEmpty {
                    variable.config("must be a string", at: value.mark, into: &diagnostics)
                }
            case .scalar where NodeChecks.isScalar(value):
                warnIfRetyped(value, scope: variable, into: &diagnostics)
            default:
                diagnostics.error(value.mark, variable.bare("variable definition must be either a string or a hash"))
            }
        }
    }

    /// `ComplexVariable`: `{value, description, expand, options}`.
    private static func validateData(_ data: Mapping, mark: SourceMark, scope: ValidationScope, allowedData: Set<String>,
                                     into diagnostics: inout Diagnostics) {
        let value = data["value"]
        if let value, !value.isNull {
            if NodeChecks.isScalar(value) {
                warnIfRetyped(value, scope: scope, into: &diagnostics)
            } else {
                scope.error("config_value", "must be a scalar", at: value.mark, into: &diagnostics)
            }
        }
        if let description = data["description"], !description.isNull, !NodeChecks.isAlphanumeric(description) {
            scope.error("config_description", "must be an alphanumeric string", at: description.mark, into: &diagnostics)
        }
        if let expand = data["expand"], !expand.isNull, !NodeChecks.isBool(expand) {
            scope.error("config_expand", "should be a boolean value", at: expand.mark, into: &diagnostics)
        }
        let options = data["options"]
        if let options, !options.isNull, !NodeChecks.isArrayOfStrings(options) {
            scope.error("config_options", "should be an array of strings", at: options.mark, into: &diagnostics)
        }
        if allowedData.isEmpty {
            scope.config("must be a string", at: mark, into: &diagnostics)
        } else {
            let extra = data.entries.filter { !allowedData.contains($0.key) }
            if let first = extra.first {
                scope.config("uses invalid data keys: " + extra.map(\.key).joined(separator: ", "), at: first.keyMark,
                             into: &diagnostics)
            }
        }
        if let options, let list = options.sequence, !list.isEmpty {
            let chosen = value?.string
            if chosen == nil || !list.contains(where: { $0.string == chosen }) {
                scope.config("value must be present in options", at: value?.mark ?? options.mark, into: &diagnostics)
            }
        }
    }

    /// `Product::Variables` (one entry of `parallel:matrix`): names to a value or a list of values,
    /// each a string or an integer.
    static func validateMatrixEntry(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else {
            scope.config("should be a hash of key value pairs, value can be an array", at: node.mark, into: &diagnostics)
            return
        }
        let valid = map.entries.allSatisfy { entry in
            let value = entry.value
            guard !NodeChecks.isBlank(value) else { return false }
            let items = value.sequence ?? [value]
            return items.allSatisfy(NodeChecks.isAlphanumeric)
        }
        if map.isEmpty {
            scope.config("requires at least 1 items", at: node.mark, into: &diagnostics)
        }
        guard valid else {
            scope.config("should be a hash of key value pairs, value can be an array", at: node.mark, into: &diagnostics)
            return
        }
        for entry in map.entries {
            for item in entry.value.sequence ?? [entry.value] {
                warnIfRetyped(item, scope: scope.child(entry.key), into: &diagnostics)
            }
        }
    }

    /// A plain scalar that GitLab stores as text different from what was written (`3.10` → `"3.1"`,
    /// `010` → `"8"`, `yes` → `"true"`): valid, but almost never what was meant.
    static func warnIfRetyped(_ value: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let scalar = value.scalar, scalar.style == .plain else { return }
        let kind: String
        switch scalar.value {
        case .int, .float: kind = "a number"
        case .bool: kind = "a boolean"
        default: return
        }
        let becomes = scalar.value.asString
        guard becomes != scalar.text else { return }
        diagnostics.warning(value.mark, scope.bare(
            "value \(scalar.text) is read as \(kind) and becomes \"\(becomes)\"; quote it (\"\(scalar.text)\") to keep it as written"))
    }
}
