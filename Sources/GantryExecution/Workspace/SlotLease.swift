#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// A build folder held by one job at a time, whoever else runs jobs there: jobs of this process in
/// other slots, a second `gantry run` in the same checkout, another runner sharing the work
/// directory. An exclusive `flock` on `<folder>.lock` holds it; the kernel lets go of it when the
/// process dies, so a lease never outlives its job. The lock file also says whether the last job
/// there finished: it is written when a job takes the folder and emptied when the job is done, so
/// a job that finds it written knows the one before was killed mid-way.
public final class SlotLease: Sendable {
    /// The job's project folder (not made yet).
    public let directory: URL
    /// The folder's concurrency slot as `CI_CONCURRENT_ID` tells it: the slot asked for, even when
    /// another process held that one's folder and a spare was taken.
    public let slot: Int
    /// The job before this one in the folder never finished: its working copy is not to be trusted.
    public let previousJobUnfinished: Bool
    private let descriptor: Int32

    private init(directory: URL, slot: Int, previousJobUnfinished: Bool, descriptor: Int32) {
        self.directory = directory
        self.slot = slot
        self.previousJobUnfinished = previousJobUnfinished
        self.descriptor = descriptor
    }

    /// The first free folder of `folder(0)`, `folder(1)` ... (the slot's own, then spares),
    /// marked as taken by `job`. Blocks on the slot's own folder when every spare is taken too.
    public static func acquire(slot: Int, job: Int, folder: (Int) -> URL) throws -> SlotLease {
        for attempt in 0..<64 {
            if let lease = try take(folder(attempt), slot: slot, job: job, wait: false) { return lease }
        }
        // 64 holders at once: wait for the slot's own folder rather than fail the job.
        guard let lease = try take(folder(0), slot: slot, job: job, wait: true) else {
            throw WorkspaceError("cannot lock \(folder(0).path).lock")
        }
        return lease
    }

    private static func take(_ directory: URL, slot: Int, job: Int, wait: Bool) throws -> SlotLease? {
        try FileManager.default.createDirectory(at: directory.deletingLastPathComponent(), withIntermediateDirectories: true)
        let path = directory.path + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw WorkspaceError("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) == 0 else {
            close(fd)
            return nil
        }
        var byte: UInt8 = 0
        let unfinished = pread(fd, &byte, 1, 0) == 1
        let note = Array("job \(job) of process \(getpid()) prepares or runs here\n".utf8)
        _ = ftruncate(fd, 0)
        _ = note.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return SlotLease(directory: directory, slot: slot, previousJobUnfinished: unfinished, descriptor: fd)
    }

    /// The job is done with the folder, whatever state it left it in (the next job cleans it).
    public func release() {
        _ = ftruncate(descriptor, 0)
        close(descriptor)
    }
}
