import CArchive
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ArchiveReader {
    /// Copies the regular-file member named exactly `name` into `destination` (created, 0600)
    /// without holding it in memory; false when the archive has no such member. Past `limit`
    /// bytes (after decompression) the copy stops and fails, and the partial file is removed.
    public static func copyMember(of archive: URL, format: Format, named name: String, to destination: URL,
                                  displayName: String, limit: Int) throws(ArchiveError) -> Bool {
        try ZipArchive.withUTF8Names { () throws(ArchiveError) -> Bool in
            let reader = try openReader(archive, format: format, displayName: displayName)
            defer { archive_read_free(reader) }
            var entry: OpaquePointer?
            while true {
                let status = archive_read_next_header(reader, &entry)
                if status == ARCHIVE_EOF { return false }
                guard status >= ARCHIVE_WARN, let entry else {
                    throw ArchiveError("\(displayName) is not a valid \(format.label): \(ZipArchive.errorString(reader))")
                }
                guard archive_entry_filetype(entry) == S_IFREG, entryName(entry) == name else { continue }
                try save(reader, to: destination, name: name, displayName: displayName, limit: limit, format: format)
                return true
            }
        }
    }

    private static func save(_ reader: OpaquePointer, to destination: URL, name: String, displayName: String, limit: Int,
                              format: Format) throws(ArchiveError) {
        let fd = open(destination.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ArchiveError("cannot create \(destination.path): \(String(cString: strerror(errno)))") }
        var failure: ArchiveError?
        var written = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while failure == nil {
            let count = buffer.withUnsafeMutableBytes { archive_read_data(reader, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                failure = ArchiveError("\(displayName) is not a valid \(format.label): cannot read \(name): \(ZipArchive.errorString(reader))")
            } else if written + count > limit {
                failure = ArchiveError("\(displayName): \(name) is larger than \(limit) bytes")
            } else if buffer.withUnsafeBytes({ write(fd, $0.baseAddress, count) }) != count {
                failure = ArchiveError("cannot write \(destination.path): \(String(cString: strerror(errno)))")
            }
            written += max(0, count)
        }
        close(fd)
        if let failure {
            unlink(destination.path)
            throw failure
        }
    }
}
