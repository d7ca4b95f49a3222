import Foundation

extension ProjectRecord {
    static let columns = """
        id, name, path, namespace_kind, namespace_id, path_with_namespace, visibility, description, default_branch, \
        created_at, last_activity_at, creator_id
        """

    init(row r: inout SQLiteRow) {
        self.init(id: r.int(), name: r.string(), path: r.string(), namespaceKind: r.string(), namespaceID: r.int(),
                  pathWithNamespace: r.string(), visibility: r.string(), description: r.string(),
                  defaultBranch: r.string(), createdAt: r.date(), lastActivityAt: r.date(), creatorID: r.int())
    }

    /// Every field but the id, in `columns` order.
    var arguments: [any SQLiteBindable] {
        [name, path, namespaceKind, namespaceID, pathWithNamespace, visibility, description, defaultBranch, createdAt,
         lastActivityAt, creatorID]
    }
}

extension SQLiteStore {
    public func createProject(_ project: ProjectRecord) throws -> ProjectRecord {
        try withDB { db in
            try db.run("""
                INSERT INTO projects (name, path, namespace_kind, namespace_id, path_with_namespace, visibility,
                    description, default_branch, created_at, last_activity_at, creator_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, project.arguments)
            var created = project
            created.id = db.lastInsertID
            return created
        }
    }

    public func updateProject(_ project: ProjectRecord) throws {
        let changed = try withDB { db in
            try db.run("""
                UPDATE projects SET name = ?, path = ?, namespace_kind = ?, namespace_id = ?, path_with_namespace = ?,
                    visibility = ?, description = ?, default_branch = ?, created_at = ?, last_activity_at = ?,
                    creator_id = ?
                WHERE id = ?
                """, project.arguments + [project.id])
        }
        if changed == 0 { throw StoreError.notFound("project \(project.id)") }
    }

    public func project(id: Int) throws -> ProjectRecord? {
        try withDB { db in
            try db.row("SELECT \(ProjectRecord.columns) FROM projects WHERE id = ?", [id], ProjectRecord.init)
        }
    }

    public func project(pathWithNamespace: String) throws -> ProjectRecord? {
        try withDB { db in
            try db.row("SELECT \(ProjectRecord.columns) FROM projects WHERE path_with_namespace = ?", [pathWithNamespace],
                       ProjectRecord.init)
        }
    }

    public func projects(page: Int, perPage: Int, search: String?) throws -> Page<ProjectRecord> {
        let (limit, offset) = Self.limits(page: page, perPage: perPage)
        let pattern = search.map(Self.containsPattern)
        let filter = "?1 IS NULL OR name LIKE ?1 ESCAPE '\\' OR path LIKE ?1 ESCAPE '\\'"
        return try withDB { db in
            let items = try db.rows("""
                SELECT \(ProjectRecord.columns) FROM projects WHERE \(filter) ORDER BY id DESC LIMIT ?2 OFFSET ?3
                """, [pattern, limit, offset], ProjectRecord.init)
            return (items, try db.int("SELECT COUNT(*) FROM projects WHERE \(filter)", [pattern]))
        }
    }

    public func projects(inGroups groupIDs: [Int], page: Int, perPage: Int) throws -> Page<ProjectRecord> {
        let (limit, offset) = Self.limits(page: page, perPage: perPage)
        let filter = "namespace_kind = 'group' AND namespace_id IN (SELECT value FROM json_each(?1))"
        let ids = Self.jsonList(groupIDs)
        return try withDB { db in
            let items = try db.rows("""
                SELECT \(ProjectRecord.columns) FROM projects WHERE \(filter) ORDER BY id DESC LIMIT ?2 OFFSET ?3
                """, [ids, limit, offset], ProjectRecord.init)
            return (items, try db.int("SELECT COUNT(*) FROM projects WHERE \(filter)", [ids]))
        }
    }

    public func touchProject(id: Int, at: Date) throws {
        try withDB { db in
            _ = try db.run("UPDATE projects SET last_activity_at = ?1 WHERE id = ?2 AND last_activity_at < ?1", [at, id])
        }
    }
}
