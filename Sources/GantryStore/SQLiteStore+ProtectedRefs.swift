import Foundation

extension ProtectedRefRecord {
    static let columns = "id, project_id, kind, name, push_access_level, merge_access_level, allow_force_push"

    init(row r: inout SQLiteRow) {
        self.init(id: r.int(), projectID: r.int(), kind: r.string(), name: r.string(), pushAccessLevel: r.int(),
                  mergeAccessLevel: r.int(), allowForcePush: r.bool())
    }
}

extension SQLiteStore {
    public func createProtectedRef(_ ref: ProtectedRefRecord) throws -> ProtectedRefRecord {
        try withDB { db in
            try db.run("""
                INSERT INTO protected_refs (project_id, kind, name, push_access_level, merge_access_level, allow_force_push)
                VALUES (?, ?, ?, ?, ?, ?)
                """, [ref.projectID, ref.kind, ref.name, ref.pushAccessLevel, ref.mergeAccessLevel, ref.allowForcePush])
            var created = ref
            created.id = db.lastInsertID
            return created
        }
    }

    public func updateProtectedRef(_ ref: ProtectedRefRecord) throws {
        let changed = try withDB { db in
            try db.run("UPDATE protected_refs SET push_access_level = ?, merge_access_level = ?, allow_force_push = ? WHERE id = ?",
                       [ref.pushAccessLevel, ref.mergeAccessLevel, ref.allowForcePush, ref.id])
        }
        if changed == 0 { throw StoreError.notFound("protected ref \(ref.id)") }
    }

    public func protectedRefs(projectID: Int, kind: String) throws -> [ProtectedRefRecord] {
        try withDB { db in
            try db.rows("SELECT \(ProtectedRefRecord.columns) FROM protected_refs WHERE project_id = ? AND kind = ? ORDER BY id",
                        [projectID, kind], ProtectedRefRecord.init)
        }
    }

    @discardableResult
    public func deleteProtectedRef(id: Int) throws -> Bool {
        try withDB { db in try db.run("DELETE FROM protected_refs WHERE id = ?", [id]) > 0 }
    }
}
