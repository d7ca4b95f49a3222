import Foundation
import GantryCrypto
import GantryHTTP
import Synchronization

/// Package files on disk, content-addressed: `packages/<first two hex digits>/<sha256>`, so the
/// same wheel uploaded to two projects is stored once. An upload is written to `packages/tmp`
/// first and checked there; only then is it renamed to its address, in the same locked step that
/// records it in the store. A cut upload therefore leaves at most a temporary file, which
/// `sweep` removes at start-up together with content no row refers to (a crash between rename
/// and commit).
final class PackageStorage: Sendable {
    let root: URL
    let temporary: URL
    /// Serialises "rename into place + insert rows" against "delete rows + remove content", so
    /// that content is never removed while a new row starts to refer to it.
    private let lock = Mutex(())

    /// A checked-in upload waiting in `temporary`.
    struct Staged: Sendable {
        let url: URL
        let sha256: String
        let size: Int
    }

    init(root: URL) {
        self.root = root
        temporary = root.appendingPathComponent("tmp")
    }

    /// Where content with this digest lives.
    func file(sha256: String) -> URL {
        root.appendingPathComponent(String(sha256.prefix(2))).appendingPathComponent(sha256)
    }

    /// Copies an uploaded form part to a temporary file and digests it.
    func stage(_ part: MultipartForm.Part) throws -> Staged {
        try stage(size: part.count) { try part.write(to: $0) }
    }

    /// Copies a request body (a generic package file) to a temporary file and digests it.
    func stage(_ body: HTTPBody) throws -> Staged {
        try stage(size: body.count) { url in
            switch body {
            case .empty: try Data().write(to: url)
            case .data(let data): try data.write(to: url)
            case .file(let spilled): try FileManager.default.copyItem(at: spilled, to: url)
            }
        }
    }

    private func stage(size: Int, write: (URL) throws -> Void) throws -> Staged {
        let url = temporary.appendingPathComponent("\(UUID().uuidString).partial")
        do {
            try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
            try write(url)
            guard let digest = SHA256Digest.hex(ofFile: url.path) else {
                throw RegistryError(status: 500, message: "500 Internal Server Error - cannot read the staged upload")
            }
            return Staged(url: url, sha256: digest, size: size)
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
    }

    func discard(_ staged: Staged) {
        try? FileManager.default.removeItem(at: staged.url)
    }

    /// Moves `staged` to its address (or drops it when that content is already stored) and runs
    /// `record`; if `record` throws, content this call put in place is removed again.
    func commit<T: Sendable>(_ staged: Staged, record: () throws -> T) throws -> T {
        try lock.withLock { _ throws -> T in
            let destination = file(sha256: staged.sha256)
            let created: Bool
            if FileManager.default.fileExists(atPath: destination.path) {
                discard(staged)
                created = false
            } else {
                try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.moveItem(at: staged.url, to: destination)
                created = true
            }
            do {
                return try record()
            } catch {
                if created { try? FileManager.default.removeItem(at: destination) }
                throw error
            }
        }
    }

    /// Runs `delete` (the store delete, returning the digests of the removed rows), then removes
    /// the content that no row refers to any more.
    func remove(_ delete: () throws -> [String], isReferenced: (String) throws -> Bool) throws {
        try lock.withLock { _ throws in
            for digest in Set(try delete()) where try !isReferenced(digest) {
                try? FileManager.default.removeItem(at: file(sha256: digest))
            }
        }
    }

    /// Start-up clean-up: temporary files of cut uploads, and stored content no row refers to.
    /// Returns how many files were removed.
    @discardableResult
    func sweep(isReferenced: (String) throws -> Bool) -> Int {
        let fm = FileManager.default
        var removed = 0
        lock.withLock { _ in
            for name in (try? fm.contentsOfDirectory(atPath: temporary.path)) ?? [] {
                if (try? fm.removeItem(at: temporary.appendingPathComponent(name))) != nil { removed += 1 }
            }
            for prefix in (try? fm.contentsOfDirectory(atPath: root.path)) ?? [] where prefix.count == 2 {
                let folder = root.appendingPathComponent(prefix)
                for name in (try? fm.contentsOfDirectory(atPath: folder.path)) ?? [] {
                    // Keep what cannot be checked: a store error must not empty the registry.
                    guard let referenced = try? isReferenced(name), !referenced else { continue }
                    if (try? fm.removeItem(at: folder.appendingPathComponent(name))) != nil { removed += 1 }
                }
            }
        }
        return removed
    }
}
