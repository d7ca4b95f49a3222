import Foundation
import Synchronization

/// One look at the user's project per pipeline: its first job asks git, the others reuse the answer.
final class LocalSourceCache: Sendable {
    private let sources = Mutex<[String: LocalSource]>([:])

    func source(_ root: URL) -> LocalSource {
        sources.withLock { cache in
            if let known = cache[root.path] { return known }
            let source = LocalSource(root: root)
            cache[root.path] = source
            return source
        }
    }
}
