import Foundation

/// Pending job ids, oldest first, and the runners' long poll on them (Woodpecker's
/// `server/queue`). Which job a runner may take, and what taking it means, is `RunnerJobs`'s.
/// Used under the coordinator's lock only: `condition` is that lock, so a waiting runner releases
/// it while it sleeps and any change made under it can wake the runner.
final class JobQueue {
    private let condition: NSCondition
    private var ids: [Int] = []
    private var stopped = false

    init(condition: NSCondition) {
        self.condition = condition
    }

    /// What to do with a queued id, as `take` looks at it.
    enum Pick<T> {
        /// Taken: leaves the queue, and `take` returns this.
        case take(T)
        /// Not for this runner: stays queued.
        case skip
        /// No longer pending (canceled, superseded by a retry): leaves the queue.
        case drop
    }

    /// Queues a job and wakes the waiting runners.
    func append(_ id: Int) {
        ids.append(id)
        condition.broadcast()
    }

    /// Oldest first again, after a restart queued jobs pipeline by pipeline.
    func sortByAge() {
        ids.sort()
        condition.broadcast()
    }

    /// The first id `inspect` takes, in queue order.
    func take<T>(_ inspect: (Int) throws -> Pick<T>) rethrows -> T? {
        var index = 0
        while index < ids.count {
            switch try inspect(ids[index]) {
            case .take(let value):
                ids.remove(at: index)
                return value
            case .skip:
                index += 1
            case .drop:
                ids.remove(at: index)
            }
        }
        return nil
    }

    /// The runner's long poll: `next()` until it gives something, sleeping between tries until
    /// a change wakes the queue, `deadline` passes, or the server stops.
    func wait<T>(until deadline: Date, for next: () throws -> T?) rethrows -> T? {
        while !stopped {
            if let value = try next() { return value }
            if !condition.wait(until: deadline) { return nil }
        }
        return nil
    }

    /// Wakes every long poll for good, so the server can stop.
    func stop() {
        stopped = true
        condition.broadcast()
    }
}
