extension PipelineEventRecord {
    static let columns = "pipeline_id, seq, kind, job_name, success, exit_code, reason, at"

    init(row r: inout SQLiteRow) {
        self.init(pipelineID: r.int(), seq: r.int(), kind: r.string(), jobName: r.stringOrNil(), success: r.boolOrNil(),
                  exitCode: r.intOrNil(), reason: r.stringOrNil(), at: r.date())
    }
}

extension SQLiteStore {
    @discardableResult
    public func appendEvent(_ event: PipelineEventRecord) throws -> PipelineEventRecord {
        try withDB { db in
            try db.transaction {
                let seq = try db.int("SELECT MAX(seq) FROM pipeline_events WHERE pipeline_id = ?", [event.pipelineID]) + 1
                try db.run("""
                    INSERT INTO pipeline_events (pipeline_id, seq, kind, job_name, success, exit_code, reason, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, [event.pipelineID, seq, event.kind, event.jobName, event.success, event.exitCode, event.reason,
                          event.at])
                var appended = event
                appended.seq = seq
                return appended
            }
        }
    }

    public func events(pipelineID: Int) throws -> [PipelineEventRecord] {
        try withDB { db in
            try db.rows("SELECT \(PipelineEventRecord.columns) FROM pipeline_events WHERE pipeline_id = ? ORDER BY seq",
                        [pipelineID], PipelineEventRecord.init)
        }
    }
}
