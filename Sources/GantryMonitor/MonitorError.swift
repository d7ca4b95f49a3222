/// Why `gantry pipelines` cannot show the group: `usage` for what the user gave (exit 2 in once
/// mode), `connection` for a server that did not answer or refused (exit 2 once, a note in watch mode).
public enum MonitorError: Error, CustomStringConvertible, Sendable {
    case usage(String)
    case connection(String)

    public var description: String {
        switch self {
        case .usage(let text), .connection(let text): return text
        }
    }
}
