import GantryStore

/// Creating and changing one CI/CD variable of a project or group with GitLab's rules (key
/// characters, types, masked values of one line and at least 8 characters, unique key per
/// environment scope): the API's variables routes and the settings page both save through it.
struct VariableEditor {
    /// What a request names; nil keeps the variable's value (a create takes GitLab's defaults).
    struct Change {
        var key: String?
        var value: String?
        var variableType: String?
        var protected: Bool?
        var masked: Bool?
        var raw: Bool?
        var environmentScope: String?
        var description: String?
    }

    let store: any Store
    let kind: String
    let ownerID: Int

    /// Saves `change` to `existing` (nil: a new variable) and answers what was stored.
    func save(_ change: Change, to existing: CIVariableRecord?) throws -> CIVariableRecord {
        let all = try store.variables(ownerKind: kind, ownerID: ownerID)
        var v: CIVariableRecord
        if let existing {
            v = existing
        } else {
            guard let key = change.key else { throw APIError.missing("key") }
            guard key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), (1...255).contains(key.count) else {
                throw APIError.invalid("key", "can contain only letters, digits and '_'.")
            }
            guard change.value != nil else { throw APIError.missing("value") }
            v = CIVariableRecord(ownerKind: kind, ownerID: ownerID, key: key, value: "")
        }
        let old = v
        if let value = change.value { v.value = value }
        if let type = change.variableType {
            guard ["env_var", "file"].contains(type) else { throw APIError.badRequest("variable_type does not have a valid value") }
            v.variableType = type
        }
        if let protected = change.protected { v.protected = protected }
        if let masked = change.masked { v.masked = masked }
        if let raw = change.raw { v.raw = raw }
        if let scope = change.environmentScope { v.environmentScope = scope }
        if let description = change.description {
            guard description.count <= 255 else { throw APIError.invalid("description", "is too long (maximum is 255 characters)") }
            v.description = description
        }
        // GitLab's rule: a masked value is one line of at least 8 characters, so it can be found in a log.
        if v.masked && (v.value.count < 8 || v.value.contains("\n")) {
            throw APIError.invalid("value", "is invalid")
        }
        let creating = existing == nil
        let moved = creating || v.environmentScope != old.environmentScope
        if moved && all.contains(where: { $0.key == v.key && $0.environmentScope == v.environmentScope }) {
            throw APIError.invalid("key", "(\(v.key)) has already been taken")
        }
        if moved && !creating {
            try store.deleteVariable(ownerKind: kind, ownerID: ownerID, key: old.key, environmentScope: old.environmentScope)
        }
        return try store.setVariable(v)
    }
}
