import Foundation
import GantryStore

/// Jobs' traces: a runner's patches (`PATCH /jobs/:id/trace`) appended to the job's trace file,
/// whose size the store keeps, and the server's own lines (a lost runner's error). Used under
/// the coordinator's lock only.
struct TraceStore {
    let store: any Store
    let data: DataDirectory

    enum Outcome {
        case accepted(size: Int)
        /// `offset` is not the trace's end: the runner resends from `size`.
        case rangeMismatch(size: Int)
        case forbidden
    }

    /// Appends a runner's bytes at `offset`, which must be the trace's current size; a patch is
    /// also a heartbeat.
    func append(_ job: JobRecord, bytes: Data, offset: Int) throws -> Outcome {
        guard var row = try store.job(id: job.id), row.status == .running else { return .forbidden }
        guard offset == row.traceSize else { return .rangeMismatch(size: row.traceSize) }
        row.lastHeartbeatAt = Date()
        try write(&row, bytes)
        return .accepted(size: row.traceSize)
    }

    /// A line of the server's own at the end of a job's trace.
    func appendLine(_ jobID: Int, _ text: String) {
        guard var row = try? store.job(id: jobID) else { return }
        try? write(&row, Data(text.utf8))
    }

    /// Appends to a job's trace file at the size the store knows (dropping anything a cut write
    /// left past it) and records the new size.
    private func write(_ row: inout JobRecord, _ bytes: Data) throws {
        let file = data.trace(jobID: row.id)
        if !FileManager.default.fileExists(atPath: file.path) { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(row.traceSize))
        try handle.seekToEnd()
        try handle.write(contentsOf: bytes)
        row.traceSize += bytes.count
        try store.updateJob(row)
    }
}
