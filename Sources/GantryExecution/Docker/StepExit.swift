import Dispatch
import Foundation
import Synchronization

/// The exit code of a step's container, from whichever source has it first: the engine's wait
/// call, or an inspect that shows it stopped — asked a few times in the step's first seconds
/// (short steps are common: `true`, a lint of one file) and again once the followed log stream
/// has ended, which happens when the container's output closes at its exit. Podman's wait and
/// log stream notice an exit only at their next poll, up to half a second later; its inspect
/// reads the runtime's exit file at once. Docker's wait answers at once either way.
final class StepExit: Sendable {
    private let state = Mutex<Result<Int32, Error>?>(nil)
    private let decided = DispatchSemaphore(value: 0)

    /// The first outcome counts; later ones are ignored.
    private func settle(_ outcome: Result<Int32, Error>) {
        let first = state.withLock { state -> Bool in
            guard state == nil else { return false }
            state = outcome
            return true
        }
        if first { decided.signal() }
    }

    /// Starts the engine's wait for `id` in the background.
    func waitInBackground(_ client: DockerClient, _ id: String) {
        DispatchQueue.global().async { [self] in
            do { settle(.success(try client.waitContainer(id))) } catch { settle(.failure(error)) }
        }
    }

    /// The log stream has ended: asks for the container's state until it shows it stopped (a few
    /// tries, 10 ms apart), then settles with its exit code. A container that still runs (its
    /// stream closed early) leaves the decision to the wait.
    func streamEnded(_ client: DockerClient, _ id: String) {
        for _ in 0..<20 {
            if state.withLock({ $0 != nil }) { return }
            if let found = try? client.inspectContainer(id), !found.running {
                settle(.success(found.exitCode))
                return
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    /// Asks for the container's state at growing intervals during its first two seconds.
    func pollEarly(_ client: DockerClient, _ id: String) {
        DispatchQueue.global().async { [self] in
            for delay in [0.02, 0.03, 0.05, 0.1, 0.1, 0.2, 0.2, 0.3, 0.5, 0.5] {
                Thread.sleep(forTimeInterval: delay)
                if state.withLock({ $0 != nil }) { return }
                if let found = try? client.inspectContainer(id), !found.running {
                    settle(.success(found.exitCode))
                    return
                }
            }
        }
    }

    /// Blocks until one source has the exit code; the wait's error when that came first.
    func code() throws -> Int32 {
        decided.wait()
        return try state.withLock { $0! }.get()
    }
}
