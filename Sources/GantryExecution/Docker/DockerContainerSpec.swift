/// The body of `POST /containers/create` (Docker Engine API v1.41): what a job's container is.
/// Keys are the API's own spelling; unset values are left out so the image's defaults apply.
public struct DockerContainerSpec: Encodable, Sendable {
    public var image: String
    /// Replaces the image's entrypoint when set; `[""]` removes it, as in GitLab's `entrypoint: [""]`.
    public var entrypoint: [String]?
    public var cmd: [String]?
    public var env: [String] = []
    public var workingDir: String?
    public var user: String?
    /// `docker: platform` (`linux/arm64`): sent in the create call's query, not in this body.
    public var platform: String?
    public var labels: [String: String] = [:]
    /// `host-path:container-path[:options]`.
    public var binds: [String] = []
    public var network: String?
    /// Names other containers on `network` reach this one by.
    public var aliases: [String] = []

    public init(image: String) {
        self.image = image
    }

    enum CodingKeys: String, CodingKey {
        case image = "Image", entrypoint = "Entrypoint", cmd = "Cmd", env = "Env", workingDir = "WorkingDir", user = "User"
        case labels = "Labels", hostConfig = "HostConfig", networkingConfig = "NetworkingConfig"
        case tty = "Tty", attachStdout = "AttachStdout", attachStderr = "AttachStderr"
    }

    private struct HostConfig: Encodable {
        var Binds: [String]
        var NetworkMode: String?
    }

    private struct EndpointSettings: Encodable {
        var Aliases: [String]
    }

    private struct NetworkingConfig: Encodable {
        var EndpointsConfig: [String: EndpointSettings]
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(image, forKey: .image)
        try c.encodeIfPresent(entrypoint, forKey: .entrypoint)
        try c.encodeIfPresent(cmd, forKey: .cmd)
        try c.encode(env, forKey: .env)
        try c.encodeIfPresent(workingDir, forKey: .workingDir)
        try c.encodeIfPresent(user, forKey: .user)
        try c.encode(labels, forKey: .labels)
        // No TTY: output comes as the multiplexed stream, stdout and stderr told apart.
        try c.encode(false, forKey: .tty)
        try c.encode(true, forKey: .attachStdout)
        try c.encode(true, forKey: .attachStderr)
        try c.encode(HostConfig(Binds: binds, NetworkMode: network), forKey: .hostConfig)
        if let network {
            try c.encode(NetworkingConfig(EndpointsConfig: [network: EndpointSettings(Aliases: aliases)]), forKey: .networkingConfig)
        }
    }
}
