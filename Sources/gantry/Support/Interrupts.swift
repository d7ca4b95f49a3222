#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// Ctrl-C (SIGINT) and SIGTERM turned into a callback, so a run can cancel its jobs cleanly
/// instead of dying with children still running.
enum Interrupts {
    /// The returned sources must be kept (and cancelled when the run is over).
    static func onInterrupt(message: String = "canceling the pipeline", _ handler: @escaping @Sendable () -> Void) -> [DispatchSourceSignal] {
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let term = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
        source.setEventHandler {
            FileHandle.standardError.write(Data("\ngantry: interrupted, \(message)...\n".utf8))
            handler()
        }
        term.setEventHandler(handler: handler)
        source.resume()
        term.resume()
        return [source, term]
    }
}
