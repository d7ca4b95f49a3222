import Foundation

/// Splits the Docker Engine's multiplexed stream (a container without a TTY: logs, attach) into
/// its payloads. Each frame is an 8-byte header — stream (0 stdin, 1 stdout, 2 stderr), three
/// zero bytes, the payload's length as a big-endian UInt32 — then the payload. Frames arrive cut
/// anywhere by the transport, so an incomplete header or payload waits for the next piece.
public struct DockerLogStream: Sendable {
    private var pending = Data()

    public init() {}

    /// The payloads completed by `piece`, in order; stdout and stderr both (a job log merges them).
    public mutating func feed(_ piece: Data) -> [Data] {
        pending.append(piece)
        var payloads: [Data] = []
        var start = pending.startIndex
        while pending.endIndex - start >= 8 {
            let header = pending[start..<start + 8]
            let length = header.suffix(4).reduce(0) { $0 << 8 | Int($1) }
            guard pending.endIndex - start - 8 >= length else { break }
            payloads.append(Data(pending[start + 8..<start + 8 + length]))
            start += 8 + length
        }
        pending = Data(pending[start...])
        return payloads
    }

    /// Bytes of an unfinished frame left when the stream ended.
    public var leftover: Int { pending.count }
}
