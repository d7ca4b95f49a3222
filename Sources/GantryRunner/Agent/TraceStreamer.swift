import Foundation
import Synchronization

/// Sends a job's log to the server while it grows (`PATCH /jobs/:id/trace`), about twice a
/// second, and heart-beats the job (`PUT /jobs/:id` state running) so the server knows the runner
/// is alive. When the server says the job is canceled, `onStop` ends the script. At the end of
/// the job `finish()` sends every byte still unsent, as GitLab's runner completes its trace
/// before the final update: nothing the job wrote is dropped.
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
        /// The server answered 403/404: the job is over there, nothing more is taken.
        var stopped = false
    }

    static let interval: TimeInterval = 0.5
    static let heartbeat: TimeInterval = 5
    /// One patch's size: bounded, well under the server's limit for one trace request.
    static let patchSize = 1 << 20
    /// Patches per tick while the job runs, so a job that writes fast still gets its heartbeat.
    static let patchesPerTick = 8
    /// Failed patches in a row after which the end-of-job flush gives up (the server is gone).
    static let flushAttempts = 10

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

    /// Stops the loop and sends all that is left of the log; returns the log's size, which the
    /// final update reports, once the server has every byte (or has refused more, or is gone).
    @discardableResult
    func finish() -> Int {
        done.store(true, ordering: .relaxed)
        wake.signal()
        finished.wait()
        var failures = 0
        while failures < TraceStreamer.flushAttempts {
            switch sendNextPatch() {
            case .caughtUp, .stopped: return logSize()
            case .sent: failures = 0
            case .failed:
                failures += 1
                Thread.sleep(forTimeInterval: min(0.2 * Double(failures), 2))
            }
        }
        return logSize()
    }

    private func tick() {
        for _ in 0..<TraceStreamer.patchesPerTick {
            guard case .sent = sendNextPatch() else { break }
        }
        let beat = state.withLock { s -> Bool in
            guard Date().timeIntervalSince(s.lastBeat) >= TraceStreamer.heartbeat else { return false }
            s.lastBeat = Date()
            return true
        }
        if beat, (try? api.updateJob(id: jobID, token: token, state: .running)) == .stop { onStop() }
    }

    private enum PatchResult { case sent, caughtUp, stopped, failed }

    private func logSize() -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: file.path)[.size]) as? NSNumber)?.intValue ?? 0
    }

    /// Sends the next bytes past what the server has (a 416 moves to the server's size).
    private func sendNextPatch() -> PatchResult {
        let (offset, stopped) = state.withLock { ($0.sent, $0.stopped) }
        if stopped { return .stopped }
        guard let handle = try? FileHandle(forReadingFrom: file) else { return .caughtUp }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(offset))) != nil,
              let bytes = try? handle.read(upToCount: TraceStreamer.patchSize), !bytes.isEmpty else { return .caughtUp }
        switch try? api.appendTrace(id: jobID, token: token, bytes: bytes, offset: offset) {
        case .accepted(let size), .rangeMismatch(let size):
            state.withLock { $0.sent = size }
            // A server that does not move is a failure, not progress, so the flush cannot spin.
            return size == offset ? .failed : .sent
        case .stop:
            state.withLock { $0.stopped = true }
            onStop()
            return .stopped
        case nil:
            return .failed
        }
    }
}
