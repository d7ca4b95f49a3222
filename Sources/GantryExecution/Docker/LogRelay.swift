import Dispatch
import Foundation
import Synchronization

/// Passes a step's followed log stream on, counting what it delivered, so that a stream the
/// engine leaves open after the container has stopped (Podman does this now and then for a
/// container that exits at once) can be given up and the rest fetched once, without losing or
/// repeating output.
final class LogRelay: Sendable {
    private let output: @Sendable (Data) -> Void
    /// Bytes passed on, and whether the relay still passes pieces on.
    private let state = Mutex<(delivered: Int, open: Bool)>((0, true))
    private let ended = DispatchSemaphore(value: 0)

    init(_ output: @escaping @Sendable (Data) -> Void) { self.output = output }

    /// A piece of the followed stream; dropped once the relay is closed.
    func forward(_ piece: Data) {
        state.withLock { state in
            guard state.open else { return }
            state.delivered += piece.count
            output(piece)
        }
    }

    /// The followed stream has ended (or failed).
    func finish() { ended.signal() }

    /// Waits up to `seconds` for the stream to end; when it does not, closes the relay and says
    /// how many bytes of the output were passed on.
    func waitForEnd(seconds: Double) -> Int? {
        if ended.wait(timeout: .now() + seconds) == .success { return nil }
        return state.withLock { state in
            state.open = false
            return state.delivered
        }
    }
}
