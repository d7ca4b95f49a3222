import Foundation
import GantryPipeline
import GantryYAML

/// A job's `image:` as the Docker executor uses it: a string, or `name` with `entrypoint`,
/// `docker: user` and `docker: platform`; variables in the name, user and platform expanded as GitLab does
/// (`python:${PYTHON_VERSION}`), never in the entrypoint, a command line whose `$0` and `$@`
/// are the shell's.
public struct JobImage: Sendable, Equatable {
    public var name: String
    /// Replaces the image's entrypoint when given; `[""]` removes it.
    public var entrypoint: [String]?
    /// `docker: user`: who the job's scripts run as in the container.
    public var user: String?
    /// `docker: platform`: the platform of the image to pull and run (`linux/arm64`), as in `docker run --platform`.
    public var platform: String?
    /// `pull_policy`, in the order to try: `always`, `if-not-present`, `never`.
    public var pullPolicies: [String]

    public init(name: String, entrypoint: [String]? = nil, user: String? = nil, pullPolicies: [String] = JobImage.defaultPullPolicies) {
        self.name = name
        self.entrypoint = entrypoint
        self.user = user
        self.pullPolicies = pullPolicies
    }

    /// The policies the executor knows (the validator checks `pull_policy:` against the same three).
    public static let pullPolicyNames = ["always", "if-not-present", "never"]

    /// GitLab Runner's default is `always`; with no registry reachable, local images come first.
    public static let defaultPullPolicies = ["if-not-present"]

    /// `pull_policy:` of an `image:` or a service: one value or a list.
    static func pullPolicies(_ node: Node?) -> [String] {
        let given = Node.strings(node)
        return given.isEmpty ? defaultPullPolicies : given
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
        platform = options?["docker"]?.mapping?["platform"]?.scalar.map { expand($0.value.asString) }
        pullPolicies = JobImage.pullPolicies(options?["pull_policy"])
    }
}
