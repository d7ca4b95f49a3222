#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// Writes a file that must not exist yet (never through a symlink someone planted), without the
/// `fsync` Foundation's `write(to:)` does: the files Gantry writes per job (a job's script, a
/// working copy's `.git/config`) are made again by the next job if a crash loses them, and
/// syncing each one cost milliseconds a job.
enum NewFile {
    static func create(_ url: URL, _ bytes: [UInt8], mode: mode_t = 0o644) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw WorkspaceError("cannot create \(url.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw WorkspaceError("cannot write \(url.path): \(String(cString: strerror(errno)))") }
    }
}
