import CArchive
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads chosen members out of a zip or a gzip-compressed tar without extracting anything to
/// disk: the package registry takes a wheel's `*.dist-info/METADATA` or an sdist's `PKG-INFO`
/// this way. Archives come from users, so everything is bounded: a member larger than
/// `memberLimit` (after decompression) and archives with more than `entryLimit` entries are
/// refused, and members are only ever held in memory. Error messages name the archive by the
/// `displayName` given (the user's file name, not a server path).
public enum ArchiveReader {
    public enum Format: Sendable {
        case zip
        case tarGzip
    }

    /// One member read in full.
    public struct Member: Sendable, Equatable {
        public let name: String
        public let data: Data
    }

    /// Regular-file members whose name `select` accepts, in archive order. Every entry header is
    /// walked (for a zip that is its central directory, so a truncated zip fails), unless
    /// `stopAtFirst` ends the walk at the first selected member (a tar must otherwise be
    /// decompressed to its end).
    public static func members(of archive: URL, format: Format, displayName: String,
                               memberLimit: Int = 16 << 20, entryLimit: Int = 1_000_000, stopAtFirst: Bool = false,
                               where select: (String) -> Bool) throws(ArchiveError) -> [Member] {
        try ZipArchive.withUTF8Names { () throws(ArchiveError) -> [Member] in
            let reader = try openReader(archive, format: format, displayName: displayName)
            defer { archive_read_free(reader) }
            var found: [Member] = []
            var entry: OpaquePointer?
            var count = 0
            while true {
                let status = archive_read_next_header(reader, &entry)
                if status == ARCHIVE_EOF { break }
                guard status >= ARCHIVE_WARN, let entry else {
                    throw ArchiveError("\(displayName) is not a valid \(format.label): \(ZipArchive.errorString(reader))")
                }
                count += 1
                if count > entryLimit { throw ArchiveError("\(displayName) has more than \(entryLimit) entries") }
                let name = entryName(entry)
                guard archive_entry_filetype(entry) == S_IFREG, select(name) else { continue }
                found.append(Member(name: name, data: try readData(reader, name: name, displayName: displayName,
                                                                   limit: memberLimit, format: format)))
                if stopAtFirst { break }
            }
            return found
        }
    }

    /// A libarchive reader open on `archive`; the caller frees it.
    static func openReader(_ archive: URL, format: Format, displayName: String) throws(ArchiveError) -> OpaquePointer {
        guard let reader = archive_read_new() else { throw ArchiveError("libarchive: out of memory") }
        switch format {
        case .zip:
            archive_read_support_format_zip(reader)
            _ = archive_read_set_format_option(reader, "zip", "hdrcharset", "UTF-8")
        case .tarGzip:
            archive_read_support_filter_gzip(reader)
            archive_read_support_format_tar(reader)
        }
        guard archive_read_open_filename(reader, archive.path, 1 << 16) == ARCHIVE_OK else {
            let message = ZipArchive.errorString(reader)
            archive_read_free(reader)
            throw ArchiveError("\(displayName) is not a valid \(format.label): \(message)")
        }
        return reader
    }

    static func entryName(_ entry: OpaquePointer) -> String {
        if let utf8 = archive_entry_pathname_utf8(entry) { return String(cString: utf8) }
        if let raw = archive_entry_pathname(entry) { return String(cString: raw) }
        return ""
    }

    /// The current member's bytes; stops reading (and fails) past `limit`, so that a
    /// compression bomb costs at most `limit` bytes of memory.
    private static func readData(_ reader: OpaquePointer, name: String, displayName: String, limit: Int,
                                 format: Format) throws(ArchiveError) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { archive_read_data(reader, $0.baseAddress, $0.count) }
            if count == 0 { return data }
            guard count > 0 else {
                throw ArchiveError("\(displayName) is not a valid \(format.label): cannot read \(name): "
                                   + ZipArchive.errorString(reader))
            }
            guard data.count + count <= limit else {
                throw ArchiveError("\(displayName): \(name) is larger than \(limit) bytes")
            }
            data.append(contentsOf: buffer[0..<count])
        }
    }
}

extension ArchiveReader.Format {
    var label: String {
        switch self {
        case .zip: "zip archive"
        case .tarGzip: "gzip-compressed tar archive"
        }
    }
}
