import Foundation
import Synchronization

/// The server's own lines on standard output: pipelines created and finished, runners
/// registered. Whole lines, never interleaved.
struct ServerLog: Sendable {
    let quiet: Bool
    private static let lock = Mutex(())

    func note(_ text: String) {
        guard !quiet else { return }
        ServerLog.lock.withLock { _ in FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
    }

    /// A failure the administrator must see: on standard error, also when `quiet`.
    func error(_ text: String) {
        ServerLog.lock.withLock { _ in FileHandle.standardError.write(Data(("error: " + text + "\n").utf8)) }
    }
}
