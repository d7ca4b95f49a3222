#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import GantryCommandLine
import GantryHTTP
import GantryMonitor

/// `gantry pipelines --group G`: the newest pipeline of every project in a group and its
/// subgroups, failing first, once (exit 0 none failed, 1 some failed, 2 usage or connection
/// error) or continuously with `--watch`. See docs/dashboard.md.
enum PipelinesCommand {
    static let command = Command("pipelines", abstract: "the newest pipeline of every project in a group, once or --watch", options: [
        .value("group", "G", help: "the group, by id or full path (its subgroups are included)", required: true),
        .flag("watch", help: "refresh until interrupted: redraw on a terminal, else one line per change"),
        .value("interval", "S", help: "with --watch: seconds between refreshes (default: 10)"),
        .value("timezone", "TZ", help: "show times in this IANA time zone, e.g. Europe/Berlin (default: this machine's)"),
        .value("ref", "R", help: "the newest pipeline of this branch or tag (default: of any ref)"),
        .value("status", "S", help: "show only projects whose newest pipeline has this status",
               completion: .choices(ProjectPipeline.statuses)),
        .flag("json", help: "print the rows as JSON instead of a table"),
        .value("url", "URL", help: "the server (default: $GITLAB_URL, else the python-gitlab config)"),
        .value("token", "TOKEN", help: "a personal access token (default: $GITLAB_TOKEN, else the python-gitlab config)"),
        .value("gitlab", "SECTION", help: "the server of this section of the python-gitlab config (~/.python-gitlab.cfg)"),
        .flag("standard-api", help: "use only GitLab's documented endpoints, not Gantry's one-request extension"),
    ], action: run)

    static func run(_ options: Arguments) throws(Arguments.UsageError) -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        let watch = options.flag("watch"), json = options.flag("json")
        if watch && json { throw Arguments.UsageError(description: "--json prints once; it does not go with --watch") }
        var interval: TimeInterval = 10
        if let text = options.value("interval") {
            guard watch else { throw Arguments.UsageError(description: "--interval goes with --watch") }
            guard let seconds = Double(text), seconds >= 0.5, seconds <= 86400 else {
                throw Arguments.UsageError(description: "--interval takes seconds between 0.5 and 86400, got '\(text)'")
            }
            interval = seconds
        }
        var timeZone = TimeZone.current
        if let name = options.value("timezone") {
            guard let zone = TimeZone(identifier: name) else {
                throw Arguments.UsageError(description: "--timezone: unknown time zone '\(name)'; give an IANA name such as Europe/Berlin, America/New_York or UTC")
            }
            timeZone = zone
        }
        let status = options.value("status")
        if let status, !ProjectPipeline.statuses.contains(status) {
            throw Arguments.UsageError(description: "--status takes one of \(ProjectPipeline.statuses.joined(separator: ", ")); got '\(status)'")
        }
        let server: GitLabServer
        do {
            server = try GitLabServer.resolve(url: options.value("url"), token: options.value("token"), section: options.value("gitlab"),
                                              environment: environment)
        } catch {
            throw Arguments.UsageError(description: error.description)
        }
        let group = options.value("group") ?? ""
        let source = GroupPipelines(server: server, group: group, ref: options.value("ref"), standardOnly: options.flag("standard-api"),
                                    client: HTTPClient(userAgent: "gantry-pipelines"))
        let fetch: @Sendable () throws(MonitorError) -> [ProjectPipeline] = {
            try source.fetch().filter { status == nil || $0.pipeline?.status == status }
        }
        let terminal = isatty(1) == 1
        let table = PipelineTable(timeZone: timeZone, colour: PipelineTable.wantsColour(isTerminal: terminal, environment: environment))
        guard watch else {
            do {
                let rows = try fetch()
                FileHandle.standardOutput.write(Data((json ? PipelineTable.json(rows) : table.render(rows)).utf8))
                return PipelineWatch.exitStatus(rows)
            } catch {
                Output.err("gantry pipelines: \(error)")
                return 2
            }
        }
        let watcher = PipelineWatch(title: "group \(group) on \(server.url)", table: table, interval: interval, terminal: terminal,
                                    out: { FileHandle.standardOutput.write(Data(($0.hasSuffix("\n") ? $0 : $0 + "\n").utf8)) },
                                    err: { Output.err($0) }, fetch: fetch)
        // Ctrl-C or SIGTERM ends the watch with the status of the last good refresh (0, 1; 2 if none was).
        let signals = Interrupts.onInterrupt(message: "stopping the watch") {
            exit(watcher.lastStatus.load(ordering: .relaxed))
        }
        _ = signals
        watcher.run()
    }
}
