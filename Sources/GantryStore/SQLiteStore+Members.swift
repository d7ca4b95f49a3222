import Foundation

extension MemberRecord {
    static let columns = "source_kind, source_id, user_id, access_level, created_at, expires_at, created_by_id"

    init(row r: inout SQLiteRow) {
        self.init(sourceKind: r.string(), sourceID: r.int(), userID: r.int(), accessLevel: r.int(), createdAt: r.date(),
                  expiresAt: r.dateOrNil(), createdByID: r.intOrNil())
    }
}

extension SQLiteStore {
    @discardableResult
    public func setMember(_ member: MemberRecord) throws -> MemberRecord {
        try withDB { db in
            try db.run("""
                INSERT INTO members (\(MemberRecord.columns)) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (source_kind, source_id, user_id) DO UPDATE SET access_level = excluded.access_level,
                    expires_at = excluded.expires_at
                """, [member.sourceKind, member.sourceID, member.userID, member.accessLevel, member.createdAt,
                      member.expiresAt, member.createdByID])
            return try db.row("SELECT \(MemberRecord.columns) FROM members WHERE source_kind = ? AND source_id = ? AND user_id = ?",
                              [member.sourceKind, member.sourceID, member.userID], MemberRecord.init) ?? member
        }
    }

    public func member(sourceKind: String, sourceID: Int, userID: Int) throws -> MemberRecord? {
        try withDB { db in
            try db.row("SELECT \(MemberRecord.columns) FROM members WHERE source_kind = ? AND source_id = ? AND user_id = ?",
                       [sourceKind, sourceID, userID], MemberRecord.init)
        }
    }

    public func members(sourceKind: String, sourceID: Int) throws -> [MemberRecord] {
        try withDB { db in
            try db.rows("SELECT \(MemberRecord.columns) FROM members WHERE source_kind = ? AND source_id = ? ORDER BY created_at, user_id",
                        [sourceKind, sourceID], MemberRecord.init)
        }
    }

    @discardableResult
    public func deleteMember(sourceKind: String, sourceID: Int, userID: Int) throws -> Bool {
        try withDB { db in
            try db.run("DELETE FROM members WHERE source_kind = ? AND source_id = ? AND user_id = ?", [sourceKind, sourceID, userID]) > 0
        }
    }

    public func memberships(userID: Int) throws -> [MemberRecord] {
        try withDB { db in
            try db.rows("SELECT \(MemberRecord.columns) FROM members WHERE user_id = ? ORDER BY source_kind, source_id", [userID],
                        MemberRecord.init)
        }
    }
}
