import GantryYAML

/// A job as the pipeline defines it: extends, `!reference` and `default:` (as `inherit:` allows)
/// already applied. `parallel:` is not expanded here; see `JobInstance`.
public struct JobConfig: Sendable {
    public var name: String
    public var nameMark: SourceMark
    /// The job's merged mapping, keys under GitLab's names.
    public var node: Node

    public init(name: String, nameMark: SourceMark, node: Node) {
        self.name = name
        self.nameMark = nameMark
        self.node = node
    }

    public subscript(key: String) -> Node? { node.mapping?[key] }

    public var stage: String { self["stage"]?.scalar?.value.asString ?? "test" }
    public var stageMark: SourceMark { self["stage"]?.mark ?? nameMark }
    public var when: String { self["when"]?.string ?? "on_success" }
    public var needs: [Need]? { Need.list(from: self["needs"]) }
    /// Needs on jobs of other pipelines (`project:` or `pipeline:`), whose artifacts it downloads.
    public var crossNeeds: [CrossNeed] { CrossNeed.list(from: self["needs"]) }
    public var dependencies: [Node]? { self["dependencies"]?.sequence }
    public var variables: [VariableDefinition] { VariableDefinition.list(from: self["variables"]) }
    public var isTrigger: Bool { self["trigger"] != nil }
    public var retry: RetryConfig { RetryConfig(node: self["retry"]) }

    /// `allow_failure:` as given: a bool, or exit codes (which GitLab shows as `false` until a job fails).
    public var allowFailure: Bool? {
        guard let node = self["allow_failure"] else { return nil }
        if case .bool(let b) = node.scalar?.value { return b }
        return node.mapping != nil ? false : nil
    }

    /// Which global variables the job receives: all (`true`), none, or the listed ones.
    public var inheritedVariables: InheritPolicy { InheritPolicy(self["inherit"]?.mapping?["variables"]) }
}

/// `inherit: default:` / `inherit: variables:`: true, false, or a list of names.
public enum InheritPolicy: Sendable, Equatable {
    case all, none, only(Set<String>)

    init(_ node: Node?) {
        guard let node else { self = .all; return }
        if case .bool(let b) = node.scalar?.value { self = b ? .all : .none; return }
        if let list = node.sequence { self = .only(Set(list.compactMap(\.string))); return }
        self = .all
    }

    public func allows(_ name: String) -> Bool {
        switch self {
        case .all: return true
        case .none: return false
        case .only(let names): return names.contains(name)
        }
    }
}
