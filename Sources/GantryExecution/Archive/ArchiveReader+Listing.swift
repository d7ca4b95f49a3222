import CArchive
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ArchiveReader {
    /// One entry of an archive as its headers describe it (nothing is decompressed).
    public struct Entry: Sendable, Equatable {
        public enum Kind: Sendable { case file, directory, symlink, other }
        /// The name as stored, without a directory's trailing `/`.
        public let name: String
        public let kind: Kind
        /// The size the header claims once decompressed (a hostile archive may lie; only shown).
        public let size: Int
    }

    /// Every entry's name, kind and size, in archive order; more than `entryLimit` entries fail.
    public static func entries(of archive: URL, format: Format, displayName: String,
                               entryLimit: Int = 1_000_000) throws(ArchiveError) -> [Entry] {
        try ZipArchive.withUTF8Names { () throws(ArchiveError) -> [Entry] in
            let reader = try openReader(archive, format: format, displayName: displayName)
            defer { archive_read_free(reader) }
            var found: [Entry] = []
            var entry: OpaquePointer?
            while true {
                let status = archive_read_next_header(reader, &entry)
                if status == ARCHIVE_EOF { return found }
                guard status >= ARCHIVE_WARN, let entry else {
                    throw ArchiveError("\(displayName) is not a valid \(format.label): \(ZipArchive.errorString(reader))")
                }
                guard found.count < entryLimit else { throw ArchiveError("\(displayName) has more than \(entryLimit) entries") }
                let kind: Entry.Kind
                switch archive_entry_filetype(entry) {
                case S_IFREG: kind = .file
                case S_IFDIR: kind = .directory
                case S_IFLNK: kind = .symlink
                default: kind = .other
                }
                var name = entryName(entry)
                while name.hasSuffix("/") { name.removeLast() }
                found.append(Entry(name: name, kind: kind, size: Int(max(0, archive_entry_size(entry)))))
            }
        }
    }
}
