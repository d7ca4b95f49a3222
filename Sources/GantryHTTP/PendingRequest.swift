import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The server's state for one request while MHD feeds it: created when the request line arrives,
/// collects headers and body, and is freed when MHD reports the request completed (also when the
/// client went away), which removes a spilled body file.
/// Only touched from the connection's own thread, one callback at a time.
final class PendingRequest {
    /// The request target as sent: path plus `?query`.
    let target: String
    var started = false
    var method = ""
    var headers: [(String, String)] = []
    var remoteAddress = ""
    /// The largest body the admission check allows, and how much has arrived.
    var bodyLimit = Int.max
    var received = 0
    /// A response was queued before the body was read (refused or too large): the rest is dropped.
    var answered = false
    /// A chunked body went past the limit: the rest is counted and dropped, then answered 413.
    var tooLarge = false
    var discarded = 0
    /// How much of an oversized chunked body is read (and dropped) before the connection is cut.
    static let discardLimit = 16 << 20

    private let context: ServerContext
    private var buffer = Data()
    private var spillDescriptor: Int32 = -1
    private var spillURL: URL?
    /// Why the body could not be stored (disk full, ...); the request is answered with a 500.
    private(set) var failure: String?

    init(target: String, context: ServerContext) {
        self.target = target
        self.context = context
        context.liveRequests.add(1, ordering: .relaxed)
    }

    deinit {
        removeSpill()
        context.liveRequests.subtract(1, ordering: .relaxed)
    }

    /// Appends a chunk of the (already de-chunked) request body.
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, bytes.count > 0 else { return }
        if spillDescriptor < 0 && buffer.count + bytes.count <= context.spillThreshold {
            buffer.append(contentsOf: bytes)
            return
        }
        if spillDescriptor < 0 {
            guard openSpill() else { return }
            let pending = buffer
            buffer = Data()
            pending.withUnsafeBytes { writeSpill($0) }
        }
        writeSpill(bytes)
    }

    /// The complete body; the spill file (if any) stays until `removeSpill()` or deinit.
    func finishBody() -> HTTPBody {
        if spillDescriptor >= 0, let spillURL {
            close(spillDescriptor)
            spillDescriptor = -1
            return .file(spillURL)
        }
        return buffer.isEmpty ? .empty : .data(buffer)
    }

    func removeSpill() {
        if spillDescriptor >= 0 {
            close(spillDescriptor)
            spillDescriptor = -1
        }
        if let spillURL {
            unlink(spillURL.path)
            self.spillURL = nil
        }
    }

    private func openSpill() -> Bool {
        let temporaryDirectory = context.temporaryDirectory
        var template = Array(temporaryDirectory.appendingPathComponent("gantry-body-XXXXXX").path.utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            failure = "cannot create a temporary file in \(temporaryDirectory.path): \(String(cString: strerror(errno)))"
            return false
        }
        spillDescriptor = descriptor
        spillURL = URL(fileURLWithPath: template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        return true
    }

    private func writeSpill(_ bytes: UnsafeRawBufferPointer) {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = write(spillDescriptor, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                failure = "cannot write the request body to \(spillURL?.path ?? "?"): \(String(cString: strerror(errno)))"
                removeSpill()
                return
            }
            remaining -= written
            base += written
        }
    }
}
