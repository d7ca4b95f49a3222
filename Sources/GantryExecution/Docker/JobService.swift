import Foundation
import GantryPipeline
import GantryYAML

/// One entry of a job's `services:`: a container started before the job's steps on the job's
/// network, reached by its aliases. A string, or `name` with `alias`, `entrypoint`, `command` and
/// `variables`; variables in the name and alias expanded as GitLab does.
public struct JobService: Sendable, Equatable {
    public var name: String
    public var aliases: [String]
    public var entrypoint: [String]?
    public var command: [String]?
    public var variables: [String: String]
    public var pullPolicies: [String]

    /// The job's services, in order; entries without a name are left out.
    public static func list(_ config: JobConfig, expand: (String) -> String) -> [JobService] {
        (config["services"]?.sequence ?? []).compactMap { JobService($0, expand: expand) }
    }

    init?(_ node: Node, expand: (String) -> String) {
        let options = node.mapping
        guard let raw = node.string ?? options?["name"]?.string else { return nil }
        name = expand(raw).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return nil }
        // `alias` may name several, separated by commas or spaces (GitLab 16.x).
        let given = options?["alias"]?.string.map { expand($0).split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init) } ?? []
        aliases = given.isEmpty ? JobService.defaultAliases(name) : given
        entrypoint = options?["entrypoint"].map { Node.strings($0) }
        command = options?["command"].map { Node.strings($0) }
        var variables: [String: String] = [:]
        for definition in VariableDefinition.list(from: options?["variables"]) { variables[definition.name] = expand(definition.value) }
        self.variables = variables
        pullPolicies = JobImage.pullPolicies(options?["pull_policy"])
    }

    /// GitLab's aliases for a service without `alias`: the image name without its registry host
    /// and tag, `/` replaced by `-` and by `__` (`registry.example.com/org/redis:7` → `org-redis`,
    /// `org__redis`; `postgres:15` → `postgres`).
    public static func defaultAliases(_ image: String) -> [String] {
        var path = image.split(separator: "@").first.map(String.init) ?? image
        if let slash = path.lastIndex(of: "/"), let colon = path.lastIndex(of: ":"), colon > slash {
            path = String(path[..<colon])
        } else if !path.contains("/"), let colon = path.firstIndex(of: ":") {
            path = String(path[..<colon])
        }
        var parts = path.split(separator: "/").map(String.init)
        if parts.count > 1, let host = parts.first, host.contains(".") || host.contains(":") || host == "localhost" {
            parts.removeFirst()
        }
        let dashed = parts.joined(separator: "-")
        let underscored = parts.joined(separator: "__")
        return dashed == underscored ? [dashed] : [dashed, underscored]
    }
}
