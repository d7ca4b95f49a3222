import Foundation
import GantryExecution
import GantryStore

/// A job's artifacts archive (`artifacts.zip`), read by the API's artifacts-by-path routes and
/// by the web UI's browser. Paths asked for are only ever compared with the archive's entry
/// names, nothing is extracted to a path taken from the archive, and a file is copied out to the
/// server's temporary folder up to `entryLimit` bytes (a compression bomb fills no disk).
struct ArtifactArchive {
    let store: any Store
    let data: DataDirectory

    /// A file answered from inside an archive is copied out first: at most this many bytes.
    static let entryLimit = 1 << 30
    /// Archives with more entries are not listed.
    static let listLimit = 100_000

    /// The job's zip, when it has one.
    func archive(of job: JobRecord) throws -> URL? {
        try store.artifacts(jobID: job.id).first(where: { $0.fileType == "archive" }).map { data.root.appendingPathComponent($0.path) }
    }

    /// The regular file named exactly `path`, copied to a temporary file the caller sends and
    /// deletes; nil when there is no archive or no such file.
    func copy(_ path: String, of job: JobRecord) throws -> URL? {
        guard !path.isEmpty, let archive = try archive(of: job) else { return nil }
        let copy = data.temporary.appendingPathComponent("artifact-\(UUID().uuidString)")
        guard try ArchiveReader.copyMember(of: archive, format: .zip, named: path, to: copy, displayName: "artifacts.zip",
                                           limit: Self.entryLimit) else { return nil }
        return copy
    }

    /// Every entry's name, kind and size; nil without an archive.
    func entries(of job: JobRecord) throws -> [ArchiveReader.Entry]? {
        guard let archive = try archive(of: job) else { return nil }
        return try ArchiveReader.entries(of: archive, format: .zip, displayName: "artifacts.zip", entryLimit: Self.listLimit)
    }

    /// A relative name without empty, `.` or `..` segments: the only names a page links to
    /// (others are a hostile archive's, or a broken one's).
    static func isPlainName(_ name: String) -> Bool {
        !name.hasPrefix("/") && !name.split(separator: "/", omittingEmptySubsequences: false).contains { $0.isEmpty || $0 == "." || $0 == ".." }
    }

    /// A download's file name: an entry name may hold anything a job wrote, so only plain
    /// printable ASCII of its last component reaches a header.
    static func downloadName(_ path: String) -> String {
        String(URL(fileURLWithPath: path).lastPathComponent.unicodeScalars
            .filter { (0x20..<0x7f).contains($0.value) && $0 != "\"" && $0 != "\\" }.map(Character.init))
    }
}
