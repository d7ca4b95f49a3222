/// What a runner says of itself with each request (`info`, GitLab runner's `VersionInfo`): its
/// name and version, where it runs, and the protocol features it supports.
public struct VersionInfo: Codable, Sendable, Equatable {
    public var name: String
    public var version: String
    public var platform: String
    public var architecture: String
    public var executor: String
    public var shell: String
    /// Feature names in GitLab's spelling (`upload_multiple_artifacts`, `trace_reset`, ...).
    public var features: [String: Bool]

    public init(name: String, version: String, platform: String, architecture: String, executor: String, shell: String,
                features: [String: Bool]) {
        self.name = name
        self.version = version
        self.platform = platform
        self.architecture = architecture
        self.executor = executor
        self.shell = shell
        self.features = features
    }

    /// Gantry's runner: the shell executor, and the features the server may rely on.
    public static let gantry = VersionInfo(
        name: "gantry-runner", version: GantryVersion.current, platform: "linux", architecture: "amd64", executor: "shell", shell: "bash",
        features: ["variables": true, "artifacts": true, "cache": true, "upload_multiple_artifacts": true,
                   "cancelable": true, "masking": true, "trace_reset": true, "trace_checksum": false, "trace_size": true,
                   "refspecs": true, "multi_build_steps": true, "return_exit_code": true, "fallback_cache_keys": true])
}
