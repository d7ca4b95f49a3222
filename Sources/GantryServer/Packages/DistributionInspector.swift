import Foundation
import GantryExecution
import GantryPython

/// Opens an uploaded wheel or sdist and reads its own core metadata, so that the registry
/// serves only real distributions whose contents say what their upload form says. Errors are
/// `RegistryError`s (400) that name the file and what is wrong with it.
struct DistributionInspector {
    /// Core metadata larger than this is refused (long descriptions are rarely above 1 MiB).
    static let metadataLimit = 16 << 20

    /// The metadata of a wheel (`<name>-<version>.dist-info/METADATA`) or an sdist
    /// (`<name>-<version>/PKG-INFO`).
    func metadata(of file: URL, filename: DistributionFilename) throws -> CoreMetadata {
        let member: ArchiveReader.Member
        switch filename.kind {
        case .wheel:
            member = try wheelMetadata(file, filename)
        case .sdistTarGzip, .sdistZip:
            let format: ArchiveReader.Format = filename.kind == .sdistZip ? .zip : .tarGzip
            let found = try read(file, format: format, filename: filename, stopAtFirst: true) { name in
                let parts = name.split(separator: "/", omittingEmptySubsequences: true)
                return parts.count == 2 && parts[1] == "PKG-INFO" && !parts[0].hasPrefix(".")
            }
            guard let first = found.first else {
                throw RegistryError.badRequest("\(filename.filename) is not a source distribution: it has no <name>-<version>/PKG-INFO")
            }
            member = first
        }
        let text = String(decoding: member.data, as: UTF8.self)
        do {
            return try CoreMetadata(parsing: text)
        } catch {
            throw RegistryError.badRequest("\(filename.filename): \(member.name) is not valid core metadata: \(error)")
        }
    }

    /// The wheel's one `*.dist-info/METADATA` at the top level. Walking the whole central
    /// directory also refuses a truncated or damaged zip.
    private func wheelMetadata(_ file: URL, _ filename: DistributionFilename) throws -> ArchiveReader.Member {
        let found = try read(file, format: .zip, filename: filename, stopAtFirst: false) { name in
            let parts = name.split(separator: "/", omittingEmptySubsequences: true)
            return parts.count == 2 && parts[0].hasSuffix(".dist-info") && parts[1] == "METADATA"
        }
        guard !found.isEmpty else {
            throw RegistryError.badRequest("\(filename.filename) is not a wheel: it has no <name>-<version>.dist-info/METADATA")
        }
        guard found.count == 1 else {
            let names = found.map(\.name).joined(separator: ", ")
            throw RegistryError.badRequest("\(filename.filename) is not a valid wheel: it has several .dist-info folders (\(names))")
        }
        return found[0]
    }

    private func read(_ file: URL, format: ArchiveReader.Format, filename: DistributionFilename, stopAtFirst: Bool,
                      where select: (String) -> Bool) throws -> [ArchiveReader.Member] {
        do {
            return try ArchiveReader.members(of: file, format: format, displayName: filename.filename,
                                             memberLimit: Self.metadataLimit, stopAtFirst: stopAtFirst, where: select)
        } catch {
            throw RegistryError.badRequest(error.message)
        }
    }
}
