import Foundation
import Synchronization

/// Sends a job's log to the server while it grows (`PATCH /jobs/:id/trace`), about twice a
/// second, and heart-beats the job (`PUT /jobs/:id` state running) so the server knows the runner
/// is alive. When the server says the job is canceled, `onStop` ends the script.
final class TraceStreamer: Sendable {
    private let api: RunnerAPIClient
    private let jobID: Int
    private let token: String
    private let file: URL
    private let onStop: @Sendable () -> Void
    private let state = Mutex(State())
    private let done = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    /// Signalled by `finish()`, so the loop does not sleep out its interval at the end of a job.
    private let wake = DispatchSemaphore(value: 0)

    private struct State {
        var sent = 0
        var lastBeat = Date.distantPast
    }

    static let interval: TimeInterval = 0.5
    static let heartbeat: TimeInterval = 5

    init(api: RunnerAPIClient, jobID: Int, token: String, file: URL, onStop: @escaping @Sendable () -> Void) {
        self.api = api
        self.jobID = jobID
        self.token = token
        self.file = file
        self.onStop = onStop
    }

    func start() {
        Thread.detachNewThread { [self] in
            while !done.load(ordering: .relaxed) {
                tick()
                _ = wake.wait(timeout: .now() + TraceStreamer.interval)
            }
            finished.signal()
        }
    }

    /// Stops the loop and sends what is left of the log.
    func finish() {
        done.store(true, ordering: .relaxed)
        wake.signal()
        finished.wait()
        for _ in 0..<5 where !sendNewBytes() {}
    }

    private func tick() {
        _ = sendNewBytes()
        let beat = state.withLock { s -> Bool in
            guard Date().timeIntervalSince(s.lastBeat) >= TraceStreamer.heartbeat else { return false }
            s.lastBeat = Date()
            return true
        }
        if beat, (try? api.updateJob(id: jobID, token: token, state: .running)) == .stop { onStop() }
    }

    /// Sends the bytes past what the server has; true when the server has all of them.
    private func sendNewBytes() -> Bool {
        let offset = state.withLock { $0.sent }
        guard let handle = try? FileHandle(forReadingFrom: file) else { return true }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(offset))) != nil,
              let bytes = try? handle.read(upToCount: 1 << 20), !bytes.isEmpty else { return true }
        switch try? api.appendTrace(id: jobID, token: token, bytes: bytes, offset: offset) {
        case .accepted(let size):
            state.withLock { $0.sent = size }
            return size >= offset + bytes.count
        case .rangeMismatch(let size):
            state.withLock { $0.sent = size }
            return false
        case .stop:
            onStop()
            return true
        case nil:
            return false
        }
    }
}
