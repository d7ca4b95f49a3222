import GantryMonitor
import GantryPipeline
import Synchronization

/// An `IncludeFetcher` from a function that answers one request: each answer is kept for the
/// whole load (a file included ten times is read once), and `prefetch` answers a list with up to
/// `width` requests in flight, since they wait on the network or on git rather than on a core.
public final class CachedIncludeFetcher: IncludeFetcher {
    private let answer: @Sendable (IncludeRequest) -> IncludeAnswer
    private let width: Int
    private let cache = Mutex<[IncludeRequest: IncludeAnswer]>([:])

    public init(width: Int = 8, answer: @escaping @Sendable (IncludeRequest) -> IncludeAnswer) {
        self.answer = answer
        self.width = width
    }

    public func prefetch(_ requests: [IncludeRequest]) {
        var seen: Set<IncludeRequest> = []
        let missing = requests.filter { request in seen.insert(request).inserted && cache.withLock { $0[request] == nil } }
        guard missing.count > 1 else { return }
        _ = try? BoundedConcurrency.map(missing, width: width) { request in _ = self.fetch(request) }
    }

    public func fetch(_ request: IncludeRequest) -> IncludeAnswer {
        if let known = cache.withLock({ $0[request] }) { return known }
        let fresh = answer(request)
        cache.withLock { $0[request] = fresh }
        return fresh
    }
}
