import Foundation

/// Ranges of a job's trace file, for a page that shows a log's tail first and the rest on demand:
/// every read is bounded, so a 50 MB log is never held in memory. `size` is the length the store
/// knows (bytes a cut write left past it are not the log's). Slices start and end at line
/// boundaries where the log has them.
public struct TraceReader: Sendable {
    public struct Slice: Sendable, Equatable {
        public let bytes: Data
        /// Byte offsets of the slice in the trace.
        public let start: Int
        public let end: Int
        /// The line number (1-based) of the slice's first line, when known.
        public let firstLine: Int
    }

    let file: URL
    let size: Int

    /// The last whole lines in at most `limit` bytes (the part of a line cut by the limit is left out).
    public func tail(limit: Int) -> Slice {
        before(size, limit: limit)
    }

    /// The whole lines of at most `limit` bytes that end at `offset` (itself a line start).
    public func before(_ offset: Int, limit: Int) -> Slice {
        let end = min(max(0, offset), size)
        var start = max(0, end - limit)
        var bytes = read(start, end)
        if start > 0, let newline = bytes.firstIndex(of: 0x0A), newline + 1 < bytes.endIndex {
            start += newline + 1 - bytes.startIndex
            bytes = bytes[(newline + 1)...]
        }
        return Slice(bytes: Data(bytes), start: start, end: end, firstLine: lines(before: start) + 1)
    }

    /// At most `limit` bytes from `offset`, up to the last newline unless `complete` (the log is
    /// finished and its last line will not grow). `firstLine` is the caller's own count.
    public func after(_ offset: Int, limit: Int, complete: Bool, firstLine: Int) -> Slice {
        let start = min(max(0, offset), size)
        var bytes = read(start, min(size, start + limit))
        let toTheEnd = start + bytes.count == size
        if !(complete && toTheEnd) {
            if let newline = bytes.lastIndex(of: 0x0A) {
                bytes = bytes[...newline]
            } else if toTheEnd {
                bytes = Data()  // a line still being written: wait for its end
            }  // else one line longer than `limit`: sent in pieces
        }
        return Slice(bytes: Data(bytes), start: start, end: start + bytes.count, firstLine: firstLine)
    }

    /// Newlines in the first `offset` bytes, read a megabyte at a time.
    func lines(before offset: Int) -> Int {
        guard offset > 0, let handle = try? FileHandle(forReadingFrom: file) else { return 0 }
        defer { try? handle.close() }
        var count = 0
        var remaining = offset
        while remaining > 0, let chunk = try? handle.read(upToCount: min(remaining, 1 << 20)), !chunk.isEmpty {
            remaining -= chunk.count
            chunk.withUnsafeBytes { raw in
                guard var p = raw.baseAddress else { return }
                let end = p + raw.count
                while let hit = memchr(p, 0x0A, end - p) {
                    count += 1
                    p = UnsafeRawPointer(hit) + 1
                }
            }
        }
        return count
    }

    private func read(_ start: Int, _ end: Int) -> Data {
        guard end > start, let handle = try? FileHandle(forReadingFrom: file) else { return Data() }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(start))) != nil else { return Data() }
        return (try? handle.read(upToCount: end - start)) ?? Data()
    }
}
