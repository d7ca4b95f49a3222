import Foundation
import Synchronization

/// How the end-to-end tests wait: child processes run to their end (no timing assertions), and
/// every 30 s a line on stderr says what is still awaited and the child's last line of output, so a
/// slow run on a busy machine shows progress instead of minutes of silence.
public enum Waiting {
    /// Seconds between progress lines.
    public static let interval: TimeInterval = 30

    /// Deadlines are safety nets against hangs, sized for a 2-core machine at a load average of
    /// 10: about five times what an idle machine needs.
    public static func patient(_ seconds: TimeInterval) -> TimeInterval { seconds * 5 }

    /// Polls `condition` every `step` seconds until it holds or `patient(seconds)` have passed;
    /// whether it held. For what a test waits on (a process gone, a job running), in place of a
    /// fixed sleep that is too short on a busy machine and too long on an idle one.
    @discardableResult
    public static func until(_ seconds: TimeInterval, every step: TimeInterval = 0.05,
                             _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(patient(seconds))
        while true {
            if try condition() { return true }
            if Date() >= deadline { return false }
            Thread.sleep(forTimeInterval: step)
        }
    }

    /// Whether a process whose command line contains `pattern` runs (`pgrep -f`).
    public static func processRuns(matching pattern: String) throws -> Bool {
        let r = try run(URL(fileURLWithPath: "/usr/bin/env"), ["pgrep", "-f", pattern], waitingFor: "pgrep -f \(pattern)")
        return r.status == 0
    }

    /// A line for whoever watches `make test`, written at once.
    public static func say(_ line: String) {
        let bytes = Array("\n[gantry tests] \(line)\n".utf8)
        _ = bytes.withUnsafeBytes { write(progressDescriptor, $0.baseAddress, $0.count) }
    }

    /// `swift test` passes what the test process prints through a buffer, in blocks: a line
    /// written every 30 s could surface minutes later. Under `swift-test`, progress lines go
    /// straight to its own stdout when that is a terminal or a pipe (the `tee` of `make test`).
    /// A regular file is left alone: swift-test writes it at its own offset, over our lines.
    public static let progressDescriptor: Int32 = {
        let parent = getppid()
        let name = (try? String(contentsOfFile: "/proc/\(parent)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard name == "swift-test" else { return STDERR_FILENO }
        let descriptor = open("/proc/\(parent)/fd/1", O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else { return STDERR_FILENO }
        var info = stat()
        if fstat(descriptor, &info) != 0 || (info.st_mode & S_IFMT) == S_IFREG {
            close(descriptor)
            return STDERR_FILENO
        }
        return descriptor
    }()

    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Both streams, for messages.
        public var output: String { stdout + stderr }
    }

    /// Runs `executable` to its end, stdout and stderr read as they come (neither pipe can fill
    /// up and block the child), with a progress line every 30 s while it runs. `input` is written to
    /// the child's stdin; without it the child shares the test process's.
    public static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
                    input: Data? = nil, waitingFor what: String, every seconds: TimeInterval = interval,
                    report: @escaping @Sendable (String) -> Void = Waiting.say) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdout = Collector(), stderr = Collector()
        let readers = DispatchGroup()
        for (pipe, collector) in [(out, stdout), (err, stderr)] {
            readers.enter()
            Thread.detachNewThread {
                while case let data = pipe.fileHandleForReading.availableData, !data.isEmpty { collector.append(data) }
                readers.leave()
            }
        }
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            // Written beside the readers: a child that answers before reading it all cannot block us.
            Thread.detachNewThread {
                stdin.fileHandleForWriting.write(input)
                try? stdin.fileHandleForWriting.close()
            }
        }
        let heartbeat = Heartbeat(what, every: seconds, report: report) {
            stdout.lastAppend > stderr.lastAppend ? stdout.lastLine ?? stderr.lastLine : stderr.lastLine ?? stdout.lastLine
        }
        process.waitUntilExit()
        readers.wait()
        heartbeat.stop()
        return Result(status: process.terminationStatus, stdout: stdout.text, stderr: stderr.text)
    }

    /// Prints "still waiting" every 30 s until stopped.
    public final class Heartbeat: Sendable {
        private let stopped = Mutex(false)
        private let wake = DispatchSemaphore(value: 0)
        private let finished = DispatchSemaphore(value: 0)

        public init(_ what: String, every interval: TimeInterval, report: @escaping @Sendable (String) -> Void,
             lastLine: @escaping @Sendable () -> String?) {
            let started = Date()
            Thread.detachNewThread { [self] in
                defer { finished.signal() }
                while wake.wait(timeout: .now() + interval) == .timedOut {
                    if stopped.withLock({ $0 }) { return }
                    let seconds = Int(Date().timeIntervalSince(started))
                    report("still waiting (\(seconds) s) for \(what)\(lastLine().map { "; last line: \($0.prefix(200))" } ?? "")")
                }
            }
        }

        /// Returns once the last line is said: nothing comes after.
        public func stop() {
            stopped.withLock { $0 = true }
            wake.signal()
            finished.wait()
        }
    }

    /// A child's output as it arrives.
    public final class Collector: Sendable {
        private let data = Mutex(Data())
        private let appended = Mutex(Date.distantPast)

        public func append(_ chunk: Data) {
            data.withLock { $0.append(chunk) }
            appended.withLock { $0 = Date() }
        }

        public var lastAppend: Date { appended.withLock { $0 } }

        public var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }

        public var lastLine: String? {
            data.withLock { bytes in
                let tail = String(decoding: bytes.suffix(4096), as: UTF8.self)
                return tail.split(whereSeparator: \.isNewline).last.map(String.init)
            }
        }
    }
}
