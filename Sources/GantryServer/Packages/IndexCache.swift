import Foundation
import Synchronization

/// Rendered simple-index pages, so that installs and mirrors hammering an index cost a lookup
/// instead of store queries and rendering. Every upload or delete moves the generation on, which
/// makes all cached pages stale at once (uploads are rare next to reads).
final class IndexCache: Sendable {
    struct Key: Hashable, Sendable {
        /// "projects/<id>" or "groups/<id>:<readable project ids>": whose packages the page shows.
        let scope: String
        /// The normalized project name, or "" for the root page.
        let name: String
        let format: SimpleIndexFormat
    }

    private struct Entry: Sendable {
        let generation: Int
        let body: Data
    }

    private let entries = Mutex<[Key: Entry]>([:])
    private let generation = Atomic<Int>(0)
    /// Past this many pages the cache starts over, which bounds its memory.
    static let capacity = 4096

    /// The cached page, or `render()`'s, which is kept unless an upload changed the
    /// packages while it was being rendered. `render` returns nil for "no such page".
    func page(_ key: Key, render: () throws -> Data?) rethrows -> Data? {
        let current = generation.load(ordering: .acquiring)
        if let hit = entries.withLock({ $0[key] }), hit.generation == current { return hit.body }
        guard let body = try render() else { return nil }
        entries.withLock { entries in
            guard generation.load(ordering: .acquiring) == current else { return }
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(generation: current, body: body)
        }
        return body
    }

    /// Called after every change to packages.
    func invalidate() {
        generation.add(1, ordering: .releasing)
    }
}
