import Foundation

/// A job's log as GitLab's runner writes its trace: raw output with collapsible section markers,
/// masked values replaced by `[MASKED]`, written to a file and shown live on the console.
public final class JobLog: @unchecked Sendable {  // used by one job's reader thread at a time
    private let file: FileHandle
    public let path: URL
    private let console: Console
    private let job: String
    private let index: Int
    private let masked: [String]
    private var pending = Data()
    private var text = ""
    private var sectionStarts: [String: Date] = [:]
    /// How long each finished section took, in seconds, in the order they ended (the summary's
    /// breakdown of a job: sources, caches, script, artifacts).
    public private(set) var sections: [(name: String, seconds: Double)] = []

    public init(path: URL, job: String, index: Int, console: Console, masked: [String]) throws {
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path.path, contents: nil)
        self.file = try FileHandle(forWritingTo: path)
        self.path = path
        self.console = console
        self.job = job
        self.index = index
        // Longest first, so a secret that contains another is masked whole.
        self.masked = masked.filter { $0.count >= 1 }.sorted { $0.count > $1.count }
    }

    /// The whole log so far (masked), for `coverage:` and the summary.
    public var contents: String { text }

    /// Output bytes from the job; complete lines are masked, written and shown.
    public func append(_ data: Data) {
        pending.append(data)
        while let newline = pending.firstIndex(of: 10) {
            let line = pending[pending.startIndex..<newline]
            pending = Data(pending[(newline + 1)...])
            emit(String(decoding: line, as: UTF8.self))
        }
        // A long line without a newline (a progress bar) is flushed rather than held forever.
        if pending.count > 65536 { flush() }
    }

    /// Writes out a last line that did not end in a newline.
    public func flush() {
        guard !pending.isEmpty else { return }
        let rest = String(decoding: pending, as: UTF8.self)
        pending = Data()
        emit(rest)
    }

    /// A line of Gantry's own (`$ ...` is the job's; these are notes such as skipped images).
    public func info(_ message: String) {
        emit("\u{1B}[0;m\(message)")
    }

    public func sectionStart(_ name: String, _ header: String) {
        let now = Date()
        sectionStarts[name] = now
        let stamp = Int(now.timeIntervalSince1970)
        write("section_start:\(stamp):\(name)\r\u{1B}[0K\(header)")
        console.line(job, index: index, "\u{1B}[36;1m\(header)\u{1B}[0m")
    }

    public func sectionEnd(_ name: String) {
        let now = Date()
        if let start = sectionStarts.removeValue(forKey: name) { sections.append((name, now.timeIntervalSince(start))) }
        let stamp = Int(now.timeIntervalSince1970)
        write("section_end:\(stamp):\(name)\r\u{1B}[0K")
    }

    public func close() {
        flush()
        try? file.close()
    }

    private func emit(_ raw: String) {
        let line = mask(raw)
        write(line)
        console.line(job, index: index, line)
    }

    private func write(_ line: String) {
        text += line + "\n"
        file.write(Data((line + "\n").utf8))
    }

    func mask(_ line: String) -> String {
        var out = line
        for secret in masked where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: "[MASKED]")
        }
        return out
    }
}
