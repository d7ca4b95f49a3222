import CArchive
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ZipArchive {
    /// The entry names of a zip, in archive order, without the trailing `/` of directories.
    public static func list(_ zip: URL) throws(ArchiveError) -> [String] {
        try withUTF8Names { () throws(ArchiveError) in try listEntries(zip) }
    }

    private static func listEntries(_ zip: URL) throws(ArchiveError) -> [String] {
        let reader = try openReader(zip)
        defer { archive_read_free(reader) }
        var names: [String] = []
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(reader, &entry)
            if status == ARCHIVE_EOF { break }
            guard status >= ARCHIVE_WARN, let entry else {
                throw ArchiveError("\(zip.path): cannot read the next entry: \(errorString(reader))")
            }
            names.append(rawName(entry).trimmingSuffix("/"))
        }
        return names
    }

    /// Extracts a zip into `dir` (created if missing), restoring modes, modification times and
    /// symlinks; returns the names extracted, in archive order.
    ///
    /// A hostile archive cannot write outside `dir`: an entry with an absolute name or a `..`
    /// component is refused, and libarchive refuses to write through a symlink
    /// (`ARCHIVE_EXTRACT_SECURE_SYMLINKS`), whether the symlink came from the archive or was
    /// already there. Symlinks themselves are restored as they were, even when they point
    /// outside (caches hold virtualenvs whose `bin/python` points to `/usr/bin`). The first
    /// refused or failing entry stops the extraction with an error that names it; the entries
    /// before it stay extracted.
    ///
    /// libarchive resolves relative names against the process's working directory, which is
    /// shared by every thread; so each name is checked here as
    /// `ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS` and `SECURE_NODOTDOT` would, then rooted at the
    /// real path of `dir`, and written with `SECURE_NODOTDOT | SECURE_SYMLINKS | PERM | TIME`
    /// (libarchive's own no-absolute-path check would refuse the rooted name).
    @discardableResult
    public static func extract(_ zip: URL, into dir: URL) throws(ArchiveError) -> [String] {
        try withUTF8Names { () throws(ArchiveError) in try extractEntries(zip, into: dir) }
    }

    private static func extractEntries(_ zip: URL, into dir: URL) throws(ArchiveError) -> [String] {
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw ArchiveError("cannot create \(dir.path): \(error.localizedDescription)")
        }
        guard let resolved = realpath(dir.path, nil) else {
            throw ArchiveError("cannot resolve \(dir.path): \(String(cString: strerror(errno)))")
        }
        let rootPath = String(cString: resolved)
        free(resolved)
        let prefix = rootPath == "/" ? "/" : rootPath + "/"

        let reader = try openReader(zip)
        defer { archive_read_free(reader) }
        guard let writer = archive_write_disk_new() else { throw ArchiveError("libarchive: out of memory") }
        defer { archive_write_free(writer) }
        let flags = ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS
            | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME
        try check(archive_write_disk_set_options(writer, flags), writer, "cannot set extraction options")

        var names: [String] = []
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(reader, &entry)
            if status == ARCHIVE_EOF { break }
            guard status >= ARCHIVE_WARN, let entry else {
                throw ArchiveError("\(zip.path): cannot read the next entry: \(errorString(reader))")
            }
            let name = rawName(entry)
            guard !name.isEmpty else { throw ArchiveError("\(zip.path): an entry has no name") }
            let safe = try safeName(name, in: zip)
            guard !safe.isEmpty else { continue }  // "./" and the like: the directory itself
            archive_entry_copy_pathname(entry, prefix + safe)
            if let link = archive_entry_hardlink(entry) {
                let target = try safeName(String(cString: link), in: zip)
                archive_entry_copy_hardlink(entry, prefix + target)
            }
            let header = archive_write_header(writer, entry)
            guard header >= ARCHIVE_WARN else {
                throw ArchiveError("\(zip.path): cannot extract \(name): \(errorString(writer))")
            }
            try copyData(from: reader, to: writer, name: name, zip: zip)
            guard archive_write_finish_entry(writer) >= ARCHIVE_WARN else {
                throw ArchiveError("\(zip.path): cannot finish \(name): \(errorString(writer))")
            }
            names.append(safe)
        }
        // Directory modes and times are applied last, when the writer is closed.
        try check(archive_write_close(writer), writer, "\(zip.path): cannot finish extracting")
        return names
    }

    private static func openReader(_ zip: URL) throws(ArchiveError) -> OpaquePointer {
        guard let reader = archive_read_new() else { throw ArchiveError("libarchive: out of memory") }
        archive_read_support_format_zip(reader)
        // Names without the UTF-8 flag are taken as UTF-8 too, whatever the process locale.
        _ = archive_read_set_format_option(reader, "zip", "hdrcharset", "UTF-8")
        guard archive_read_open_filename(reader, zip.path, 1 << 16) == ARCHIVE_OK else {
            let message = errorString(reader)
            archive_read_free(reader)
            throw ArchiveError("cannot open \(zip.path) as a zip archive: \(message)")
        }
        return reader
    }

    /// The name as stored: UTF-8 when libarchive has it so, else the raw bytes.
    private static func rawName(_ entry: OpaquePointer) -> String {
        if let utf8 = archive_entry_pathname_utf8(entry) { return String(cString: utf8) }
        if let raw = archive_entry_pathname(entry) { return String(cString: raw) }
        return ""
    }

    /// The entry name relative to the extraction root; refuses absolute names and `..`.
    private static func safeName(_ name: String, in zip: URL) throws(ArchiveError) -> String {
        if name.hasPrefix("/") {
            throw ArchiveError("\(zip.path): refused entry \(name): absolute path")
        }
        let parts = name.split(separator: "/", omittingEmptySubsequences: true)
        if parts.contains("..") {
            throw ArchiveError("\(zip.path): refused entry \(name): path contains '..'")
        }
        return parts.filter { $0 != "." }.joined(separator: "/")
    }

    private static func copyData(from reader: OpaquePointer, to writer: OpaquePointer, name: String,
                                 zip: URL) throws(ArchiveError) {
        var block: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        while true {
            let status = archive_read_data_block(reader, &block, &size, &offset)
            if status == ARCHIVE_EOF { return }
            guard status >= ARCHIVE_WARN else {
                throw ArchiveError("\(zip.path): cannot read \(name): \(errorString(reader))")
            }
            guard archive_write_data_block(writer, block, size, offset) >= ARCHIVE_WARN else {
                throw ArchiveError("\(zip.path): cannot write \(name): \(errorString(writer))")
            }
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: Character) -> String {
        var text = self
        while text.count > 1, text.last == suffix { text.removeLast() }
        return text
    }
}
