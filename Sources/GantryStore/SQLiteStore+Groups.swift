import Foundation

extension GroupRecord {
    static let columns = "id, name, path, full_path, parent_id, visibility, description, created_at"

    init(row r: inout SQLiteRow) {
        self.init(id: r.int(), name: r.string(), path: r.string(), fullPath: r.string(), parentID: r.intOrNil(),
                  visibility: r.string(), description: r.string(), createdAt: r.date())
    }
}

extension SQLiteStore {
    public func createGroup(_ group: GroupRecord) throws -> GroupRecord {
        try withDB { db in
            try db.run("""
                INSERT INTO groups (name, path, full_path, parent_id, visibility, description, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [group.name, group.path, group.fullPath, group.parentID, group.visibility, group.description,
                      group.createdAt])
            var created = group
            created.id = db.lastInsertID
            return created
        }
    }

    public func updateGroup(_ group: GroupRecord) throws {
        let changed = try withDB { db in
            try db.run("""
                UPDATE groups SET name = ?, path = ?, full_path = ?, parent_id = ?, visibility = ?, description = ?,
                created_at = ? WHERE id = ?
                """, [group.name, group.path, group.fullPath, group.parentID, group.visibility, group.description,
                      group.createdAt, group.id])
        }
        if changed == 0 { throw StoreError.notFound("group \(group.id)") }
    }

    public func group(id: Int) throws -> GroupRecord? {
        try withDB { db in try db.row("SELECT \(GroupRecord.columns) FROM groups WHERE id = ?", [id], GroupRecord.init) }
    }

    public func group(fullPath: String) throws -> GroupRecord? {
        try withDB { db in
            try db.row("SELECT \(GroupRecord.columns) FROM groups WHERE full_path = ?", [fullPath], GroupRecord.init)
        }
    }

    public func groups(page: Int, perPage: Int, search: String?) throws -> Page<GroupRecord> {
        let (limit, offset) = Self.limits(page: page, perPage: perPage)
        let pattern = search.map(Self.containsPattern)
        let filter = "?1 IS NULL OR name LIKE ?1 ESCAPE '\\' OR full_path LIKE ?1 ESCAPE '\\'"
        return try withDB { db in
            let items = try db.rows("""
                SELECT \(GroupRecord.columns) FROM groups WHERE \(filter)
                ORDER BY name COLLATE NOCASE, id LIMIT ?2 OFFSET ?3
                """, [pattern, limit, offset], GroupRecord.init)
            return (items, try db.int("SELECT COUNT(*) FROM groups WHERE \(filter)", [pattern]))
        }
    }

    public func subgroupIDs(of groupID: Int, recursive: Bool) throws -> [Int] {
        try withDB { db in
            if !recursive {
                return try db.rows("SELECT id FROM groups WHERE parent_id = ? ORDER BY id", [groupID]) { $0.int() }
            }
            return try db.rows("""
                WITH RECURSIVE descendants(id) AS (
                    SELECT id FROM groups WHERE parent_id = ?
                    UNION
                    SELECT g.id FROM groups g JOIN descendants d ON g.parent_id = d.id
                )
                SELECT id FROM descendants ORDER BY id
                """, [groupID]) { $0.int() }
        }
    }
}
