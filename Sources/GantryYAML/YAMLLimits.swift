/// Bounds on what one YAML file may cost, checked while libyaml's events stream in, before any
/// tree is built: GitLab's `max_yaml_size_bytes` and `max_yaml_depth` (its defaults), and a cap on
/// the nodes aliases add, so that a few hundred bytes of anchors ("billion laughs") cannot make
/// a tree that later steps walk for minutes.
public struct YAMLLimits: Sendable {
    /// GitLab's `max_yaml_size_bytes` default (2 MB since GitLab 17.3).
    public var maxBytes: Int
    /// GitLab's `max_yaml_depth` default: nested mappings and lists.
    public var maxDepth: Int
    /// Nodes in the document counting every alias as the copy it stands for.
    public var maxNodes: Int

    public init(maxBytes: Int = 2 * 1024 * 1024, maxDepth: Int = 100, maxNodes: Int = 1_000_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }

    public static let gitlab = YAMLLimits()

    /// GitLab's message for each of these limits (`Gitlab::Config::Loader::Yaml`).
    static let tooBig = "The parsed YAML is too big"
}
