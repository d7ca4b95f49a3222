/// A CI/CD variable of a project or a group; unique by (ownerKind, ownerID, key, environmentScope).
public struct CIVariableRecord: Sendable, Equatable {
    public var id: Int
    /// "project" or "group".
    public var ownerKind: String
    public var ownerID: Int
    public var key: String
    public var value: String
    /// "env_var" or "file".
    public var variableType: String
    public var protected: Bool
    public var masked: Bool
    /// Raw: `$` references in the value are not expanded.
    public var raw: Bool
    public var environmentScope: String
    /// Free text shown beside the variable (GitLab's `description`); nil when none was given.
    public var description: String?

    public init(id: Int = 0, ownerKind: String, ownerID: Int, key: String, value: String,
                variableType: String = "env_var", protected: Bool = false, masked: Bool = false,
                raw: Bool = false, environmentScope: String = "*", description: String? = nil) {
        self.id = id
        self.ownerKind = ownerKind
        self.ownerID = ownerID
        self.key = key
        self.value = value
        self.variableType = variableType
        self.protected = protected
        self.masked = masked
        self.raw = raw
        self.environmentScope = environmentScope
        self.description = description
    }
}
