extension CIVariableRecord {
    static let columns = """
        id, owner_kind, owner_id, key, value, variable_type, protected, masked, raw, environment_scope, description
        """

    init(row r: inout SQLiteRow) {
        self.init(id: r.int(), ownerKind: r.string(), ownerID: r.int(), key: r.string(), value: r.string(),
                  variableType: r.string(), protected: r.bool(), masked: r.bool(), raw: r.bool(),
                  environmentScope: r.string(), description: r.stringOrNil())
    }
}

extension SQLiteStore {
    @discardableResult
    public func setVariable(_ variable: CIVariableRecord) throws -> CIVariableRecord {
        try withDB { db in
            // An upsert keeps the row's id when the variable already exists.
            try db.run("""
                INSERT INTO ci_variables (owner_kind, owner_id, key, value, variable_type, protected, masked, raw,
                    environment_scope, description)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (owner_kind, owner_id, key, environment_scope) DO UPDATE SET
                    value = excluded.value, variable_type = excluded.variable_type, protected = excluded.protected,
                    masked = excluded.masked, raw = excluded.raw, description = excluded.description
                """, [variable.ownerKind, variable.ownerID, variable.key, variable.value, variable.variableType,
                      variable.protected, variable.masked, variable.raw, variable.environmentScope,
                      variable.description])
            let stored = try db.row("""
                SELECT \(CIVariableRecord.columns) FROM ci_variables
                WHERE owner_kind = ? AND owner_id = ? AND key = ? AND environment_scope = ?
                """, [variable.ownerKind, variable.ownerID, variable.key, variable.environmentScope],
                CIVariableRecord.init)
            guard let stored else { throw StoreError.notFound("variable \(variable.key)") }
            return stored
        }
    }

    public func variables(ownerKind: String, ownerID: Int) throws -> [CIVariableRecord] {
        try withDB { db in
            try db.rows("""
                SELECT \(CIVariableRecord.columns) FROM ci_variables WHERE owner_kind = ? AND owner_id = ?
                ORDER BY key, environment_scope
                """, [ownerKind, ownerID], CIVariableRecord.init)
        }
    }

    @discardableResult
    public func deleteVariable(ownerKind: String, ownerID: Int, key: String, environmentScope: String) throws -> Bool {
        try withDB { db in
            try db.run("""
                DELETE FROM ci_variables WHERE owner_kind = ? AND owner_id = ? AND key = ? AND environment_scope = ?
                """, [ownerKind, ownerID, key, environmentScope]) > 0
        }
    }
}
