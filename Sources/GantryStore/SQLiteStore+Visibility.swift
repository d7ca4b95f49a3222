import Foundation

/// Lists of projects and groups as one caller sees them, filtered in SQL so that pages and their
/// totals (X-Total) count only what the caller may see, as GitLab's do.
extension SQLiteStore {
    /// Groups the viewer is an active member of, and all their descendants: `my_groups(id)`.
    /// Parameters: ?4 user id (NULL when anonymous), ?5 now.
    private static let myGroupsCTE = """
        my_groups(id) AS (
            SELECT source_id FROM members WHERE source_kind = 'group' AND user_id = ?4 AND (expires_at IS NULL OR expires_at > ?5)
            UNION
            SELECT g.id FROM groups g JOIN my_groups m ON g.parent_id = m.id
        )
        """

    /// The groups where the viewer has at least role ?9, and their descendants: `member_groups(id)`.
    private static let memberGroupsCTE = """
        member_groups(id) AS (
            SELECT source_id FROM members WHERE source_kind = 'group' AND user_id = ?4 AND access_level >= ?9
                AND (expires_at IS NULL OR expires_at > ?5)
            UNION
            SELECT g.id FROM groups g JOIN member_groups m ON g.parent_id = m.id
        )
        """

    /// With ?8 = 1, only projects where the viewer has at least role ?9 (?10 = 1: in the viewer's namespace only).
    private static let projectMembership = """
        (?8 = 0 OR (?4 IS NOT NULL AND (
            (p.namespace_kind = 'user' AND p.namespace_id = ?4)
            OR (?10 = 0 AND p.id IN (SELECT source_id FROM members WHERE source_kind = 'project' AND user_id = ?4
                                     AND access_level >= ?9 AND (expires_at IS NULL OR expires_at > ?5)))
            OR (?10 = 0 AND p.namespace_kind = 'group' AND p.namespace_id IN (SELECT id FROM member_groups)))))
        """

    /// ?4 user id, ?5 now, ?6 admin.
    private static let projectVisible = """
        (?6 = 1 OR p.visibility = 'public' OR (?4 IS NOT NULL AND (
            p.visibility = 'internal'
            OR (p.namespace_kind = 'user' AND p.namespace_id = ?4)
            OR p.id IN (SELECT source_id FROM members WHERE source_kind = 'project' AND user_id = ?4
                        AND (expires_at IS NULL OR expires_at > ?5))
            OR (p.namespace_kind = 'group' AND p.namespace_id IN (SELECT id FROM my_groups)))))
        """

    public func projects(visibleTo viewer: Viewer, inGroups groupIDs: [Int]?, search: String?, page: Int,
                         perPage: Int) throws -> Page<ProjectRecord> {
        let (limit, offset) = Self.limits(page: page, perPage: perPage)
        let pattern = search.map(Self.containsPattern)
        let groups = groupIDs.map(Self.jsonList)
        let filter = """
            (?1 IS NULL OR p.name LIKE ?1 ESCAPE '\\' OR p.path LIKE ?1 ESCAPE '\\')
            AND (?7 IS NULL OR (p.namespace_kind = 'group' AND p.namespace_id IN (SELECT value FROM json_each(?7))))
            AND \(Self.projectVisible)
            AND \(Self.projectMembership)
            """
        let columns = ProjectRecord.columns.split(separator: ",").map { "p." + $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: ", ")
        let level = viewer.membershipLevel
        let args: [any SQLiteBindable] = [pattern, limit, offset, viewer.userID, viewer.now, viewer.isAdmin, groups, level != nil,
                                          level ?? 0, viewer.ownedOnly]
        return try withDB { db in
            let items = try db.rows("""
                WITH RECURSIVE \(Self.myGroupsCTE), \(Self.memberGroupsCTE)
                SELECT \(columns) FROM projects p WHERE \(filter) ORDER BY p.id DESC LIMIT ?2 OFFSET ?3
                """, args, ProjectRecord.init)
            let total = try db.int("""
                WITH RECURSIVE \(Self.myGroupsCTE), \(Self.memberGroupsCTE)
                -- ?2 and ?3 (limit, offset) are named only so that both statements take the same arguments.
                SELECT COUNT(*) FROM projects p WHERE \(filter) AND ?2 IS NOT NULL AND ?3 IS NOT NULL
                """, args)
            return (items, total)
        }
    }

    /// Groups visible to the viewer: public ones, internal ones when signed in, and the groups
    /// the viewer belongs to (directly, through a parent group, or as a member of a subgroup or
    /// project inside: GitLab shows the ancestors of what you are a member of).
    public func groups(visibleTo viewer: Viewer, parentID: Int?, search: String?, page: Int,
                       perPage: Int) throws -> Page<GroupRecord> {
        let (limit, offset) = Self.limits(page: page, perPage: perPage)
        let pattern = search.map(Self.containsPattern)
        let filter = """
            (?1 IS NULL OR g.name LIKE ?1 ESCAPE '\\' OR g.full_path LIKE ?1 ESCAPE '\\')
            AND (?7 IS NULL OR g.parent_id = ?7)
            AND (?6 = 1 OR g.visibility = 'public' OR (?4 IS NOT NULL AND (g.visibility = 'internal' OR g.id IN (SELECT id FROM up))))
            AND (?8 = 0 OR g.id IN (SELECT id FROM member_groups))
            """
        let ctes = """
            WITH RECURSIVE \(Self.myGroupsCTE), \(Self.memberGroupsCTE),
            seeds(id) AS (
                SELECT id FROM my_groups
                UNION
                SELECT namespace_id FROM projects WHERE namespace_kind = 'group' AND id IN (
                    SELECT source_id FROM members WHERE source_kind = 'project' AND user_id = ?4
                    AND (expires_at IS NULL OR expires_at > ?5))
            ),
            up(id) AS (
                SELECT id FROM seeds
                UNION
                SELECT g.parent_id FROM groups g JOIN up ON g.id = up.id WHERE g.parent_id IS NOT NULL
            )
            """
        let columns = GroupRecord.columns.split(separator: ",").map { "g." + $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: ", ")
        let level = viewer.membershipLevel
        let args: [any SQLiteBindable] = [pattern, limit, offset, viewer.userID, viewer.now, viewer.isAdmin, parentID, level != nil,
                                          level ?? 0]
        return try withDB { db in
            let items = try db.rows("""
                \(ctes) SELECT \(columns) FROM groups g WHERE \(filter) ORDER BY g.name COLLATE NOCASE, g.id LIMIT ?2 OFFSET ?3
                """, args, GroupRecord.init)
            let total = try db.int("""
                \(ctes) SELECT COUNT(*) FROM groups g WHERE \(filter) AND ?2 IS NOT NULL AND ?3 IS NOT NULL
                """, args)
            return (items, total)
        }
    }
}
