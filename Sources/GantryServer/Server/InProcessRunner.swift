import Foundation

/// What `gantry server --runner` needs to start a runner agent inside the server's process:
/// the runner's id and fresh token, the server's loopback URL, and where jobs run.
public struct InProcessRunner: Sendable {
    public let id: Int
    public let token: String
    public let description: String
    public let url: String
    /// `DATA/runner`, `--runner-work-dir`, or with `--run-as` a folder next to the data directory.
    public let workDirectory: URL
}
