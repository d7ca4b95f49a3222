import Foundation
import GantryStore
#if canImport(Glibc)
import Glibc
#endif

/// Pushes in progress, one file each under `DATA/pushes`, written (and synced) before
/// `git http-backend` may move a ref and removed once the push's pipelines exist. A file left
/// behind means the server died mid-push: at the next start, once every git process of the
/// previous run is gone, the refs that moved since the file's `before` get their pipelines, so a
/// pushed commit never goes without CI (pushing again would only say "Everything up-to-date").
struct PushJournal: Sendable {
    let folder: URL

    struct Entry: Codable {
        var projectID: Int
        var userID: Int?
        /// `refs/heads/*` and `refs/tags/*` before the push.
        var before: [String: String]
    }

    /// Records a push about to run; returns the file to `finish`.
    func begin(_ entry: Entry) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("\(entry.projectID)-\(UUID().uuidString).json")
        let data = try JSONEncoder().encode(entry)
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw PushJournalError("cannot write \(file.path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count, fsync(descriptor) == 0 else {
            unlink(file.path)
            throw PushJournalError("cannot write \(file.path): \(String(cString: strerror(errno)))")
        }
        return file
    }

    func finish(_ file: URL) {
        unlink(file.path)
    }

    /// Pushes a previous run did not finish, oldest first.
    func unfinished() -> [(file: URL, entry: Entry)] {
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
        let dated = files.filter { $0.pathExtension == "json" }.map { url in
            (url, (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast)
        }
        return dated.sorted { $0.1 < $1.1 }.compactMap { url, _ in
            guard let data = FileManager.default.contents(atPath: url.path), let entry = try? JSONDecoder().decode(Entry.self, from: data) else {
                unlink(url.path)
                return nil
            }
            return (url, entry)
        }
    }
}

struct PushJournalError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
