import Foundation
import Synchronization

/// Runs `work` on every item with at most `width` at once, on threads of its own: the work waits
/// on the network, so the pool must not be limited to the core count as GCD's would be.
public enum BoundedConcurrency {
    public static func map<T: Sendable, R: Sendable>(_ items: [T], width: Int,
                                              _ work: @escaping @Sendable (T) throws(MonitorError) -> R) throws(MonitorError) -> [R] {
        guard items.count > 1 else { return try items.map(work) }
        let state = Mutex<(next: Int, results: [R?], error: MonitorError?)>((0, Array(repeating: nil, count: items.count), nil))
        let done = DispatchGroup()
        for _ in 0..<min(width, items.count) {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                while true {
                    let index: Int? = state.withLock { s in
                        guard s.error == nil, s.next < items.count else { return nil }
                        s.next += 1
                        return s.next - 1
                    }
                    guard let index else { return }
                    do throws(MonitorError) {
                        let result = try work(items[index])
                        state.withLock { $0.results[index] = result }
                    } catch {
                        state.withLock { if $0.error == nil { $0.error = error } }
                    }
                }
            }
        }
        done.wait()
        let (results, error) = state.withLock { ($0.results, $0.error) }
        if let error { throw error }
        return results.map { $0! }
    }
}
