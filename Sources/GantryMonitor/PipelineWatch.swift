import Foundation
import Synchronization

/// `--watch`: refreshes every `interval` until stopped. On a terminal it redraws the table in
/// place; otherwise it prints one line per project whose newest pipeline changed (its id or
/// status), starting with every project's current state. A refresh that fails (server restarting,
/// network down) leaves a note and the watch goes on.
public final class PipelineWatch: Sendable {
    let fetch: @Sendable () throws(MonitorError) -> [ProjectPipeline]
    let table: PipelineTable
    let interval: TimeInterval
    let terminal: Bool
    let title: String
    let out: @Sendable (String) -> Void
    let err: @Sendable (String) -> Void
    /// The exit status of the last good refresh (2 until one succeeds), for when the watch is stopped.
    public let lastStatus = Atomic<Int32>(2)

    public init(title: String, table: PipelineTable, interval: TimeInterval, terminal: Bool,
                out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
                fetch: @escaping @Sendable () throws(MonitorError) -> [ProjectPipeline]) {
        self.title = title
        self.table = table
        self.interval = interval
        self.terminal = terminal
        self.out = out
        self.err = err
        self.fetch = fetch
    }

    /// 0 when no pipeline failed, 1 otherwise: the status of `gantry pipelines` once.
    public static func exitStatus(_ rows: [ProjectPipeline]) -> Int32 {
        rows.contains { $0.pipeline?.status == "failed" } ? 1 : 0
    }

    /// Runs until the process is stopped.
    public func run() -> Never {
        var seen: [Int: (id: Int, status: String)]? = nil
        var lastScreen = ""
        var failing: String?
        while true {
            do {
                let rows = try fetch()
                lastStatus.store(Self.exitStatus(rows), ordering: .relaxed)
                if terminal {
                    lastScreen = table.render(rows)
                    redraw(lastScreen, note: nil)
                } else {
                    if failing != nil { err("gantry pipelines: the server answers again") }
                    report(rows, seen: seen)
                }
                seen = Dictionary(rows.compactMap { r in r.pipeline.map { (r.projectID, ($0.id, $0.status)) } },
                                  uniquingKeysWith: { a, _ in a })
                failing = nil
            } catch {
                let note = "\(error.description); retrying every \(Self.seconds(interval))"
                if terminal {
                    redraw(lastScreen, note: note)
                } else if failing != note {
                    err("gantry pipelines: \(note)")
                }
                failing = note
            }
            Thread.sleep(forTimeInterval: interval)
        }
    }

    private func redraw(_ screen: String, note: String?) {
        // Home, clear, then the whole screen: one write, so the terminal never shows half a table.
        var text = "\u{1B}[H\u{1B}[2J\(title), every \(Self.seconds(interval)), \(table.when(Date())) (Ctrl-C to stop)\n\n\(screen)"
        if let note { text += "\n! \(note)\n" }
        out(text)
    }

    private func report(_ rows: [ProjectPipeline], seen: [Int: (id: Int, status: String)]?) {
        for row in rows {
            guard let p = row.pipeline else {
                if seen == nil { out(table.changeLine(row, previous: nil)) }
                continue
            }
            let before = seen?[row.projectID]
            if seen == nil || before?.id != p.id || before?.status != p.status {
                out(table.changeLine(row, previous: seen == nil ? nil : before?.status ?? "none"))
            }
        }
    }

    static func seconds(_ interval: TimeInterval) -> String {
        interval == interval.rounded() ? "\(Int(interval))s" : String(format: "%.1fs", interval)
    }
}
