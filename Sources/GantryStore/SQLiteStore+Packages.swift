import Foundation

extension PackageRecord {
    static let columns = """
        id, project_id, package_type, name, normalized_name, version, normalized_version, status, created_at, updated_at
        """

    init(row r: inout SQLiteRow) {
        self.init(id: r.int(), projectID: r.int(), packageType: r.string(), name: r.string(), normalizedName: r.string(),
                  version: r.string(), normalizedVersion: r.string(), status: r.string(), createdAt: r.date(),
                  updatedAt: r.date())
    }
}

extension PackageFileRecord {
    static let columns = """
        id, package_id, project_id, file_name, size, sha256, file_type, requires_python, pipeline_id, created_at,
        attested_identity, attested_job
        """

    init(row r: inout SQLiteRow) {
        self.init(id: r.int(), packageID: r.int(), projectID: r.int(), fileName: r.string(), size: r.int(),
                  sha256: r.string(), fileType: r.string(), requiresPython: r.string(), pipelineID: r.intOrNil(),
                  createdAt: r.date(), attestedIdentity: r.stringOrNil(), attestedJob: r.stringOrNil())
    }
}

extension SQLiteStore {
    public func addPackageFile(_ file: PackageFileRecord, package: PackageRecord, provenance: Data?)
        throws -> (package: PackageRecord, file: PackageFileRecord) {
        try withDB { db in
            try db.transaction {
                var stored = try db.row("""
                    SELECT \(PackageRecord.columns) FROM packages
                    WHERE project_id = ? AND package_type = ? AND normalized_name = ? AND normalized_version = ?
                    """, [package.projectID, package.packageType, package.normalizedName, package.normalizedVersion],
                    PackageRecord.init)
                if var existing = stored {
                    existing.updatedAt = max(existing.updatedAt, file.createdAt)
                    try db.run("UPDATE packages SET updated_at = ? WHERE id = ?", [existing.updatedAt, existing.id])
                    stored = existing
                } else {
                    try db.run("""
                        INSERT INTO packages (project_id, package_type, name, normalized_name, version, normalized_version,
                            status, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, [package.projectID, package.packageType, package.name, package.normalizedName, package.version,
                              package.normalizedVersion, package.status, package.createdAt, package.updatedAt])
                    var created = package
                    created.id = db.lastInsertID
                    stored = created
                }
                guard let parent = stored else { throw StoreError.notFound("package \(package.name)") }
                try db.run("""
                    INSERT INTO package_files (package_id, project_id, file_name, size, sha256, file_type, requires_python,
                        pipeline_id, created_at, attested_identity, attested_job)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [parent.id, parent.projectID, file.fileName, file.size, file.sha256, file.fileType, file.requiresPython,
                          file.pipelineID, file.createdAt, file.attestedIdentity, file.attestedJob])
                var created = file
                created.id = db.lastInsertID
                if let provenance {
                    try db.run("INSERT INTO package_file_provenance (package_file_id, provenance) VALUES (?, ?)",
                               [created.id, String(decoding: provenance, as: UTF8.self)])
                }
                created.packageID = parent.id
                created.projectID = parent.projectID
                return (parent, created)
            }
        }
    }

    public func packageFileProvenance(fileID: Int) throws -> Data? {
        try withDB { db in
            try db.row("SELECT provenance FROM package_file_provenance WHERE package_file_id = ?", [fileID]) { Data($0.string().utf8) }
        }
    }

    public func package(id: Int) throws -> PackageRecord? {
        try withDB { db in
            try db.row("SELECT \(PackageRecord.columns) FROM packages WHERE id = ?", [id], PackageRecord.init)
        }
    }

    public func packages(projectIDs: [Int], filter: PackageFilter, page: Int, perPage: Int) throws -> Page<PackageRecord> {
        let (limit, offset) = Self.limits(page: page, perPage: perPage)
        let column = switch filter.orderBy {
        case .createdAt: "created_at"
        case .name: "normalized_name"
        case .version: "version"
        case .type: "package_type"
        }
        let direction = filter.ascending ? "ASC" : "DESC"
        let condition = """
            project_id IN (SELECT value FROM json_each(?1)) AND status <> 'hidden' AND (?2 IS NULL OR package_type = ?2)
            AND (?3 IS NULL OR normalized_name LIKE ?3 ESCAPE '\\') AND (?4 IS NULL OR version = ?4 OR normalized_version = ?4)
            """
        let arguments: [any SQLiteBindable] = [Self.jsonList(projectIDs), filter.packageType,
                                               filter.nameContains.map(Self.containsPattern), filter.version]
        return try withDB { db in
            let items = try db.rows("""
                SELECT \(PackageRecord.columns) FROM packages WHERE \(condition)
                ORDER BY \(column) \(direction), id \(direction) LIMIT ?5 OFFSET ?6
                """, arguments + [limit, offset], PackageRecord.init)
            return (items, try db.int("SELECT COUNT(*) FROM packages WHERE \(condition)", arguments))
        }
    }

    public func packageFiles(packageID: Int) throws -> [PackageFileRecord] {
        try withDB { db in
            try db.rows("SELECT \(PackageFileRecord.columns) FROM package_files WHERE package_id = ? ORDER BY id", [packageID],
                        PackageFileRecord.init)
        }
    }

    public func packageFiles(projectIDs: [Int], packageType: String, normalizedName: String) throws
        -> [(package: PackageRecord, file: PackageFileRecord)] {
        let packageColumns = PackageRecord.columns.split(separator: ",").map { "p." + $0.trimmingCharacters(in: .whitespaces) }
        let fileColumns = PackageFileRecord.columns.split(separator: ",").map { "f." + $0.trimmingCharacters(in: .whitespaces) }
        return try withDB { db in
            try db.rows("""
                SELECT \((packageColumns + fileColumns).joined(separator: ", "))
                FROM packages p JOIN package_files f ON f.package_id = p.id
                WHERE p.project_id IN (SELECT value FROM json_each(?1)) AND p.package_type = ?2 AND p.normalized_name = ?3
                ORDER BY f.file_name, f.id
                """, [Self.jsonList(projectIDs), packageType, normalizedName]) { row in
                (PackageRecord(row: &row), PackageFileRecord(row: &row))
            }
        }
    }

    public func packageNames(projectIDs: [Int], packageType: String) throws -> [(normalizedName: String, name: String)] {
        try withDB { db in
            // SQLite takes the bare column `name` from the row holding MIN(id): the oldest spelling.
            try db.rows("""
                SELECT normalized_name, name, MIN(id) FROM packages
                WHERE project_id IN (SELECT value FROM json_each(?1)) AND package_type = ?2
                  AND EXISTS (SELECT 1 FROM package_files f WHERE f.package_id = packages.id)
                GROUP BY normalized_name ORDER BY normalized_name
                """, [Self.jsonList(projectIDs), packageType]) { row in (row.string(), row.string()) }
        }
    }

    public func packageFile(projectIDs: [Int], sha256: String, fileName: String) throws -> PackageFileRecord? {
        try withDB { db in
            try db.row("""
                SELECT \(PackageFileRecord.columns) FROM package_files
                WHERE sha256 = ?1 AND file_name = ?2 AND project_id IN (SELECT value FROM json_each(?3))
                ORDER BY id LIMIT 1
                """, [sha256, fileName, Self.jsonList(projectIDs)], PackageFileRecord.init)
        }
    }

    public func packageFile(projectID: Int, fileName: String) throws -> PackageFileRecord? {
        try withDB { db in
            try db.row("SELECT \(PackageFileRecord.columns) FROM package_files WHERE project_id = ? AND file_name = ? AND file_type <> 'generic'",
                       [projectID, fileName], PackageFileRecord.init)
        }
    }

    @discardableResult
    public func deletePackage(id: Int) throws -> [PackageFileRecord] {
        try withDB { db in
            try db.transaction {
                let files = try db.rows("SELECT \(PackageFileRecord.columns) FROM package_files WHERE package_id = ? ORDER BY id",
                                        [id], PackageFileRecord.init)
                try db.run("DELETE FROM package_files WHERE package_id = ?", [id])
                try db.run("DELETE FROM packages WHERE id = ?", [id])
                return files
            }
        }
    }

    @discardableResult
    public func deletePackageFile(id: Int) throws -> PackageFileRecord? {
        try withDB { db in
            try db.transaction {
                let file = try db.row("SELECT \(PackageFileRecord.columns) FROM package_files WHERE id = ?", [id],
                                      PackageFileRecord.init)
                try db.run("DELETE FROM package_files WHERE id = ?", [id])
                return file
            }
        }
    }

    public func packageFileCount(sha256: String) throws -> Int {
        try withDB { db in try db.int("SELECT COUNT(*) FROM package_files WHERE sha256 = ?", [sha256]) }
    }
}
