#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Files replaced whole or not at all: written to a temporary file next to the target (same
/// permissions), flushed, then renamed over it. A reader sees the old file or the new one.
public enum AtomicFile {
    public static func read(_ path: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return [UInt8](data)
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(PythonProjectError) {
        // Through a symlink, the file it points at is replaced, not the link.
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let directory = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\(name).gantry-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var mode: mode_t = 0o644
        var info = stat()
        if stat(target, &info) == 0 { mode = info.st_mode & 0o7777 }

        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("cannot create \(temporary)", path) }
        var ok = writeAll(fd, bytes)
        if ok { ok = fsync(fd) == 0 }
        ok = close(fd) == 0 && ok
        // open() applied the umask; the new file keeps the old one's permissions.
        if ok { ok = chmod(temporary, mode) == 0 }
        guard ok, rename(temporary, target) == 0 else {
            let message = failure("cannot write", path)
            unlink(temporary)
            throw message
        }
    }

    private static func failure(_ what: String, _ path: String) -> PythonProjectError {
        PythonProjectError(file: path, "\(what): \(String(cString: strerror(errno))); the file was left as it was")
    }
}

/// The whole buffer to `fd` (outside `AtomicFile`, whose `write` would shadow the system call).
private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return false }
        }
        return true
    }
}
