extension JobArtifactRecord {
    static let columns = "id, job_id, file_type, file_format, path, size, sha256, created_at, expire_at"

    init(row r: inout SQLiteRow) {
        self.init(id: r.int(), jobID: r.int(), fileType: r.string(), fileFormat: r.string(), path: r.string(),
                  size: r.int(), sha256: r.string(), createdAt: r.date(), expireAt: r.dateOrNil())
    }
}

extension SQLiteStore {
    public func addArtifact(_ artifact: JobArtifactRecord) throws -> JobArtifactRecord {
        try withDB { db in
            try db.run("""
                INSERT INTO job_artifacts (job_id, file_type, file_format, path, size, sha256, created_at, expire_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [artifact.jobID, artifact.fileType, artifact.fileFormat, artifact.path, artifact.size,
                      artifact.sha256, artifact.createdAt, artifact.expireAt])
            var created = artifact
            created.id = db.lastInsertID
            return created
        }
    }

    public func artifacts(jobID: Int) throws -> [JobArtifactRecord] {
        try withDB { db in
            try db.rows("SELECT \(JobArtifactRecord.columns) FROM job_artifacts WHERE job_id = ? ORDER BY id", [jobID],
                        JobArtifactRecord.init)
        }
    }

    @discardableResult
    public func deleteArtifacts(jobID: Int) throws -> [JobArtifactRecord] {
        try withDB { db in
            try db.transaction {
                let removed = try db.rows("SELECT \(JobArtifactRecord.columns) FROM job_artifacts WHERE job_id = ? ORDER BY id",
                                          [jobID], JobArtifactRecord.init)
                try db.run("DELETE FROM job_artifacts WHERE job_id = ?", [jobID])
                return removed
            }
        }
    }

    public func keepArtifacts(jobID: Int) throws {
        try withDB { db in
            _ = try db.run("UPDATE job_artifacts SET expire_at = NULL WHERE job_id = ?", [jobID])
            _ = try db.run("UPDATE jobs SET artifacts_expire_at = NULL WHERE id = ?", [jobID])
        }
    }

    public func storageSizes(projectID: Int) throws -> (artifacts: Int, packages: Int) {
        try withDB { db in
            (try db.int("SELECT COALESCE(SUM(a.size), 0) FROM job_artifacts a JOIN jobs j ON j.id = a.job_id WHERE j.project_id = ?",
                        [projectID]),
             try db.int("SELECT COALESCE(SUM(size), 0) FROM package_files WHERE project_id = ?", [projectID]))
        }
    }
}
