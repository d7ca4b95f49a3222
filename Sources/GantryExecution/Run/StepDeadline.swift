import Foundation
import Synchronization

/// A step's timeout: after `seconds`, `expire` runs once (ending the step) and `expired` says so
/// from then on. `cancel()` when the step is over, before it could fire late.
final class StepDeadline {
    private let timer = DispatchSource.makeTimerSource(queue: .global())
    private let flag = Flag()

    private final class Flag: Sendable {
        let fired = Atomic<Bool>(false)
    }

    init(after seconds: TimeInterval, expire: @escaping @Sendable () -> Void) {
        timer.schedule(deadline: .now() + seconds)
        timer.setEventHandler { [flag] in
            flag.fired.store(true, ordering: .relaxed)
            expire()
        }
        timer.resume()
    }

    var expired: Bool { flag.fired.load(ordering: .relaxed) }

    func cancel() { timer.cancel() }
}
