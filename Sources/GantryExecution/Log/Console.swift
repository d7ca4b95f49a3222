#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import Synchronization

/// The terminal all jobs print to: whole lines, prefixed with the job's name (coloured when
/// standard output is a terminal), never interleaved mid-line.
public final class Console: Sendable {
    private let lock = Mutex(())
    public let colour: Bool
    public let quiet: Bool
    private static let palette = [36, 35, 33, 34, 32, 96, 95, 93, 94, 92]

    public init(colour: Bool = isatty(1) == 1, quiet: Bool = false) {
        self.colour = colour
        self.quiet = quiet
    }

    /// One line of a job's output.
    public func line(_ job: String, index: Int, _ text: String) {
        guard !quiet else { return }
        let shown = colour ? text : Console.stripANSI(text)
        let prefix = colour ? "\u{1B}[\(Console.palette[index % Console.palette.count])m\(job)\u{1B}[0m │ " : "\(job) │ "
        write(prefix + shown + (colour ? "\u{1B}[0m" : "") + "\n")
    }

    /// A line of Gantry's own.
    public func note(_ text: String) {
        write(text + "\n")
    }

    public func write(_ text: String) {
        lock.withLock { _ in FileHandle.standardOutput.write(Data(text.utf8)) }
    }

    /// Removes colour and cursor escapes (`ESC [ ... letter`).
    public static func stripANSI(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{1B}") else { return text }
        var out = String.UnicodeScalarView()
        var it = text.unicodeScalars.makeIterator()
        while let u = it.next() {
            if u == "\u{1B}" {
                guard let next = it.next() else { break }
                if next == "[" {
                    while let c = it.next(), !(c.value >= 0x40 && c.value <= 0x7E) {}
                }
                continue
            }
            out.append(u)
        }
        return String(out)
    }
}
