import Foundation
import GantryExecution
import GantryStore

/// A job's artifacts on its page: the archive's entries by folder, one file, the whole zip. The
/// API's rule for artifacts (`read_build`, as for the log) and the API's archive reading
/// (`ArtifactArchive`).
extension ReadModel {
    public struct ArtifactFolder: Sendable {
        public struct Item: Sendable {
            public let name: String
            /// Path in the archive (`a/b/c.txt`).
            public let path: String
            public let kind: ArchiveReader.Entry.Kind
            public let size: Int
        }
        public let items: [Item]
        /// Entries whose names no browser should follow (`..`, absolute, empty segments): not shown.
        public let refused: Int
    }

    /// The entries directly in `folder` (`""` for the top), folders first; nil without an archive
    /// or when the visitor may not read the job's artifacts.
    public func artifactFolder(_ folder: String, of job: JobDetail) throws -> ArtifactFolder? {
        guard job.canReadLog, let entries = try artifacts.entries(of: job.record) else { return nil }
        let prefix = folder.isEmpty ? "" : folder + "/"
        var items: [String: ArtifactFolder.Item] = [:]
        var refused = 0
        for entry in entries {
            guard ArtifactArchive.isPlainName(entry.name) else {
                refused += 1
                continue
            }
            guard entry.name.hasPrefix(prefix), entry.name.count > prefix.count else { continue }
            let rest = entry.name.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") {
                let name = String(rest[..<slash])
                if items[name] == nil { items[name] = .init(name: name, path: prefix + name, kind: .directory, size: 0) }
            } else {
                items[String(rest)] = .init(name: String(rest), path: entry.name, kind: entry.kind, size: entry.size)
            }
        }
        let sorted = items.values.sorted { ($0.kind == .directory ? 0 : 1, $0.name) < ($1.kind == .directory ? 0 : 1, $1.name) }
        return ArtifactFolder(items: sorted, refused: refused)
    }

    /// The archive's HTML files (coverage HTML, pylint and mypy reports, what `expose_as` names),
    /// shallowest first, at most `limit`: the job page links them to their sandboxed view.
    public func artifactReports(of job: JobDetail, limit: Int = 10) throws -> [String] {
        guard job.canReadLog, job.record.artifactsFile != nil, let entries = try? artifacts.entries(of: job.record) else { return [] }
        return entries.filter { entry in
            let lower = entry.name.lowercased()
            return entry.kind == .file && (lower.hasSuffix(".html") || lower.hasSuffix(".htm")) && ArtifactArchive.isPlainName(entry.name)
        }
        .map(\.name).sorted { ($0.split(separator: "/").count, $0) < ($1.split(separator: "/").count, $1) }.prefix(limit).map { $0 }
    }

    /// One regular file of the archive copied to a temporary file (the caller sends and deletes
    /// it); nil when there is none of that name or the visitor may not read it.
    public func artifactFile(_ path: String, of job: JobDetail) throws -> URL? {
        guard job.canReadLog else { return nil }
        return try artifacts.copy(path, of: job.record)
    }

    /// The whole archive.
    public func artifactArchive(of job: JobDetail) throws -> URL? {
        guard job.canReadLog else { return nil }
        return try artifacts.archive(of: job.record)
    }

    var artifacts: ArtifactArchive { ArtifactArchive(store: store, data: data) }
}

extension ReadModel.ArtifactFolder.Item {
    /// The name a download of this file gets (see `ArtifactArchive.downloadName`).
    public static func downloadName(_ path: String) -> String { ArtifactArchive.downloadName(path) }
}
