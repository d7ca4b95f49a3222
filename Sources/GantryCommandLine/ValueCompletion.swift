/// What a shell completion script offers for a value: nothing, paths, or a fixed set of words.
public enum ValueCompletion: Sendable, Equatable {
    case none
    case file
    case directory
    case choices([String])
    /// The tool's top-level command names (`gantry help COMMAND`).
    case commandNames
}
