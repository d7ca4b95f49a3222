import Foundation
import GantryCrypto
import GantryExecution
import GantryHTTP
import GantryPipeline
import GantryRunnerProtocol
import GantryStore

/// `POST /jobs/:id/artifacts` from a runner: the multipart field `file` stored under the job's
/// artifact folder (the archive as `artifacts.zip`, reports by type), with its size and sha256.
/// A report sent gzip-compressed (as GitLab's runner sends junit) is stored decompressed.
struct ArtifactUpload {
    let store: any Store
    let data: DataDirectory

    func receive(_ request: HTTPRequest, job: JobRecord) throws {
        let query = ArtifactUploadQuery(query: { request.query($0) })
        let (type, format) = (query.type, query.format)
        let isArchive = type == ArtifactUploadQuery.archiveType
        guard type.allSatisfy({ $0.isLetter || $0 == "_" }), ["zip", "gzip", "raw"].contains(format) else {
            throw APIError.badRequest("artifact_type or artifact_format is invalid")
        }
        let form = try MultipartForm(request: request)
        guard let part = form.part(ArtifactUploadQuery.fileField) else { throw APIError.missing(ArtifactUploadQuery.fileField) }

        let folder = data.artifactFolder(jobID: job.id)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let existing = try store.artifacts(jobID: job.id).filter { $0.fileType == type }.count
        let name = isArchive ? "artifacts.zip" : "\(type)-\(existing + 1)"
        let destination = folder.appendingPathComponent(name)
        // Written next to its final name and renamed: a cut upload leaves no half file behind.
        let partial = folder.appendingPathComponent(".\(name).partial")
        try part.write(to: partial)
        if format == "gzip" {
            guard let plain = gunzip(partial) else {
                try? FileManager.default.removeItem(at: partial)
                throw APIError.badRequest("\(type) report is not gzip data")
            }
            try FileManager.default.removeItem(at: partial)
            try plain.write(to: partial)
        }
        _ = try? FileManager.default.removeItem(at: destination)
        try FileManager.default.moveItem(at: partial, to: destination)

        let size = (try? FileManager.default.attributesOfItem(atPath: destination.path)[.size] as? NSNumber)?.intValue ?? 0
        let expireAt = query.expireIn.flatMap { ArtifactUpload.expiry($0, from: Date()) }
        let relative = "artifacts/\(job.id)/\(name)"
        _ = try store.addArtifact(JobArtifactRecord(jobID: job.id, fileType: type, fileFormat: isArchive ? "zip" : "raw",
                                                    path: relative, size: size, sha256: SHA256Digest.hex(ofFile: destination.path) ?? "",
                                                    createdAt: Date(), expireAt: expireAt))
        if isArchive, var row = try store.job(id: job.id) {
            row.artifactsFile = relative
            row.artifactsSize = size
            row.artifactsExpireAt = expireAt
            try store.updateJob(row)
        }
    }

    /// The latest expiry kept: the end of year 9999, the last date GitLab's timestamps hold.
    static let latestExpiry = Date(timeIntervalSince1970: 253_402_300_799)

    /// When artifacts kept for `expireIn` (GitLab's duration syntax) from `now` expire; nil for
    /// `never` or text that is not a duration. `9999999999999 years` is the latest expiry, not a trap.
    static func expiry(_ expireIn: String, from now: Date) -> Date? {
        guard let seconds = DurationParser.seconds(expireIn) else { return nil }
        let room = latestExpiry.timeIntervalSince(now)
        return Double(seconds) >= room ? latestExpiry : now.addingTimeInterval(Double(seconds))
    }

    /// Every member of a gzip stream, concatenated (the runner gzips each report file as a member).
    private func gunzip(_ file: URL) -> Data? {
        guard let process = try? Subprocess(["gzip", "-dc", file.path], environment: ProcessInfo.processInfo.environment,
                                            directory: file.deletingLastPathComponent(), mergeStderr: false) else { return nil }
        var out = Data()
        process.readOutput { out.append($0) }
        return process.wait() == 0 ? out : nil
    }
}
