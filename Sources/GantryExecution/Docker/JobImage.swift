import Foundation
import GantryPipeline
import GantryYAML

/// A job's `image:` as the Docker executor uses it: a string, or `name` with `entrypoint` and
/// `docker: user`; variables in the name and user expanded as GitLab does
/// (`python:${PYTHON_VERSION}`), never in the entrypoint, a command line whose `$0` and `$@`
/// are the shell's.
public struct JobImage: Sendable, Equatable {
    public var name: String
    /// Replaces the image's entrypoint when given; `[""]` removes it.
    public var entrypoint: [String]?
    /// `docker: user`: who the job's scripts run as in the container.
    public var user: String?

    public init(name: String, entrypoint: [String]? = nil, user: String? = nil) {
        self.name = name
        self.entrypoint = entrypoint
        self.user = user
    }

    /// The job's image, or nil when it names none (or an empty one after expansion).
    public init?(_ config: JobConfig, expand: (String) -> String) {
        guard let raw = PredefinedVariables.imageName(config) else { return nil }
        let name = expand(raw).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return nil }
        self.name = name
        let options = config["image"]?.mapping
        entrypoint = options?["entrypoint"].map { Node.strings($0) }
        user = options?["docker"]?.mapping?["user"]?.scalar.map { expand($0.value.asString) }
    }
}
