import Foundation
import GantryCommandLine
import GantryExecution

/// How a runner runs its jobs, as `gantry runner register` and `gantry server --runner` take it
/// (GitLab Runner's `register --executor docker --docker-image ... --docker-volumes ...`).
struct RunnerExecutorOptions {
    var executor = "shell"
    var dockerImage: String?
    var dockerHost: String?
    var dockerVolumes: [String] = []

    /// `what`: how the help names the runner ("the runner", "the in-process runner").
    static func options(for what: String) -> [Option] {
        [
            .value("executor", "E", help: "how \(what)'s jobs run: shell (on this host, the default) or docker (in their image:)",
                   completion: .choices(ExecutorChoice.Kind.allCases.map(\.rawValue))),
            .value("docker-image", "IMAGE", help: "with --executor docker: the image of jobs without image: (required)"),
            .value("docker-host", "URL", help: "with --executor docker: the engine, unix:///path or tcp://host:port "
                   + "(default: $DOCKER_HOST, else the usual sockets)"),
            .value("docker-volume", "BIND", help: "with --executor docker: HOST:CONTAINER[:ro], a host folder bound into every "
                   + "job's container (absolute paths)", repeatable: true),
        ]
    }

    /// The options given; a bad combination or value is a usage error naming the option.
    init(_ options: Arguments) throws(Arguments.UsageError) {
        executor = options.value("executor") ?? "shell"
        guard ExecutorChoice.Kind(rawValue: executor) != nil else {
            throw Arguments.UsageError(description: "--executor takes shell or docker, got '\(executor)'")
        }
        dockerImage = options.value("docker-image")
        dockerHost = options.value("docker-host")
        dockerVolumes = options.all("docker-volume")
        if executor == "docker" {
            if dockerImage == nil {
                throw Arguments.UsageError(description: "--executor docker needs --docker-image IMAGE, the image of jobs without image:")
            }
        } else if dockerImage != nil || dockerHost != nil || !dockerVolumes.isEmpty {
            throw Arguments.UsageError(description: "--docker-image, --docker-host and --docker-volume are for --executor docker")
        }
        if let dockerImage, !dockerImage.contains("$"), !DockerClient.isImageReference(dockerImage) {
            throw Arguments.UsageError(description: "--docker-image '\(dockerImage)' is not an image name (invalid reference format)")
        }
        if let dockerHost, (try? DockerEndpoint.parse(dockerHost)) == nil {
            throw Arguments.UsageError(description: "--docker-host takes unix:///path or tcp://host:port, got '\(dockerHost)'")
        }
        for volume in dockerVolumes where !DockerExecutor.isVolume(volume) {
            throw Arguments.UsageError(description: "--docker-volume takes HOST:CONTAINER or HOST:CONTAINER:ro with absolute paths, got '\(volume)'")
        }
    }
}
