import CArchive
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Zip archives for artifacts and caches, through libarchive: the format GitLab's runner
/// uploads (`artifacts:paths`, `cache:paths`).
///
/// Entries keep their paths relative to the root they were taken from, their Unix modes, their
/// modification times (to the second) and symlinks as symlinks (the link itself, never what it
/// points to). Names are stored as UTF-8 with the zip UTF-8 flag.
public enum ZipArchive {
    /// Writes `files` (paths relative to `root`, as ``ArtifactSelector`` returns them) into a
    /// new zip at `zip`, in the order given.
    ///
    /// Each path is taken as it is, not walked: a directory becomes a directory entry and its
    /// contents are written only if they are listed too. Regular files, directories and
    /// symlinks are stored; sockets, FIFOs and devices are skipped, as GitLab's runner does, and
    /// named in the returned warnings. The zip is written beside its destination and renamed
    /// into place, so an interrupted write never leaves a truncated archive behind.
    @discardableResult
    public static func write(files: [String], from root: URL, to zip: URL) throws(ArchiveError) -> [String] {
        let temporary = zip.deletingLastPathComponent()
            .appendingPathComponent(".\(zip.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try FileManager.default.createDirectory(at: zip.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw ArchiveError("cannot create the directory for \(zip.path): \(error.localizedDescription)")
        }
        let warnings: [String]
        do {
            warnings = try withUTF8Names { () throws(ArchiveError) in try writeZip(files: files, root: root, to: temporary.path) }
        } catch {
            unlink(temporary.path)
            throw error
        }
        guard rename(temporary.path, zip.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw ArchiveError("cannot move the new archive to \(zip.path): \(reason)")
        }
        return warnings
    }

    private static func writeZip(files: [String], root: URL, to path: String) throws(ArchiveError) -> [String] {
        guard let archive = archive_write_new() else { throw ArchiveError("libarchive: out of memory") }
        defer { archive_write_free(archive) }
        try check(archive_write_set_format_zip(archive), archive, "cannot select the zip format")
        // Names as UTF-8 whatever the process locale, with the zip flag that says so.
        _ = archive_write_set_format_option(archive, "zip", "hdrcharset", "UTF-8")
        try check(archive_write_open_filename(archive, path), archive, "cannot create \(path)")

        guard let entry = archive_entry_new() else { throw ArchiveError("libarchive: out of memory") }
        defer { archive_entry_free(entry) }

        var warnings: [String] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        for relative in files {
            let name = normalisedEntryName(relative)
            guard !name.isEmpty else { continue }
            let full = root.appendingPathComponent(name).path
            var info = stat()
            guard lstat(full, &info) == 0 else {
                throw ArchiveError("cannot read \(name): \(String(cString: strerror(errno)))")
            }
            let kind = info.st_mode & S_IFMT
            guard kind == S_IFREG || kind == S_IFDIR || kind == S_IFLNK else {
                warnings.append("\(name): not a regular file, directory or symlink; skipped")
                continue
            }
            archive_entry_clear(entry)
            archive_entry_copy_stat(entry, &info)
            archive_entry_set_pathname_utf8(entry, name)
            if kind == S_IFLNK {
                guard let target = readSymlink(full) else {
                    throw ArchiveError("cannot read the symlink \(name): \(String(cString: strerror(errno)))")
                }
                archive_entry_set_symlink_utf8(entry, target)
                archive_entry_set_size(entry, 0)
            } else if kind == S_IFDIR {
                archive_entry_set_size(entry, 0)
            }
            let status = archive_write_header(archive, entry)
            if status == ARCHIVE_WARN {
                warnings.append("\(name): \(errorString(archive))")
            } else if status != ARCHIVE_OK {
                throw ArchiveError("cannot add \(name) to the archive: \(errorString(archive))")
            }
            if kind == S_IFREG {
                try copyFile(full, name: name, size: Int64(info.st_size), into: archive, buffer: &buffer)
            }
        }
        try check(archive_write_close(archive), archive, "cannot finish \(path)")
        return warnings
    }

    /// Streams a file's bytes into the current entry; exactly the size announced in the header.
    private static func copyFile(_ path: String, name: String, size: Int64, into archive: OpaquePointer,
                                 buffer: inout [UInt8]) throws(ArchiveError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ArchiveError("cannot open \(name): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var remaining = size
        while remaining > 0 {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, min($0.count, Int(remaining))) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ArchiveError("cannot read \(name): \(String(cString: strerror(errno)))")
            }
            if count == 0 {
                throw ArchiveError("\(name) shrank while it was being archived")
            }
            let written = buffer.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, count) }
            guard written >= 0 else {
                throw ArchiveError("cannot write \(name) into the archive: \(errorString(archive))")
            }
            remaining -= Int64(count)
        }
    }

    private static func readSymlink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length >= 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `a//b/./c/` → `a/b/c`: the name as stored, without empty or `.` components.
    static func normalisedEntryName(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.joined(separator: "/")
    }

    /// Runs `body` with this thread's character type set to UTF-8 (`uselocale`, so no other
    /// thread is affected). libarchive converts names between UTF-8 and the locale's charset;
    /// in the "C" locale a process starts with, every non-ASCII name would be lost.
    static func withUTF8Names<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        guard let utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil) ?? newlocale(LC_CTYPE_MASK, "en_US.UTF-8", nil) else {
            return try body()
        }
        let previous = uselocale(utf8)
        defer {
            uselocale(previous)
            freelocale(utf8)
        }
        return try body()
    }

    static func errorString(_ archive: OpaquePointer) -> String {
        if let message = archive_error_string(archive) { return String(cString: message) }
        return "unknown libarchive error"
    }

    static func check(_ status: Int32, _ archive: OpaquePointer, _ what: String) throws(ArchiveError) {
        guard status >= ARCHIVE_WARN else { throw ArchiveError("\(what): \(errorString(archive))") }
    }
}

/// Why an archive could not be written, listed or extracted; the message names the archive
/// or the entry concerned.
public struct ArchiveError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
