/// A command as it is declared, once: its name, what it does, the words and options it takes, and
/// either an action or subcommands (`gantry runner register|run`). Options of a command with
/// subcommands are accepted by all of them (`gantry admin --data DIR user create NAME`).
public struct Command: Sendable {
    public typealias Action = @Sendable (Arguments) throws(Arguments.UsageError) -> Int32

    public let name: String
    /// One line, lower case, shown in listings and at the top of the command's help.
    public let abstract: String
    public let positionals: [Positional]
    public let options: [Option]
    /// Options of which at most one may be given (`--ref` or `--tag`).
    public let exclusive: [[String]]
    public let subcommands: [Command]
    public let action: Action?

    public init(_ name: String, abstract: String, positionals: [Positional] = [], options: [Option] = [],
                exclusive: [[String]] = [], action: @escaping Action) {
        self.init(name: name, abstract: abstract, positionals: positionals, options: options, exclusive: exclusive,
                  subcommands: [], action: action)
    }

    public init(_ name: String, abstract: String, options: [Option] = [], subcommands: [Command]) {
        self.init(name: name, abstract: abstract, positionals: [], options: options, exclusive: [],
                  subcommands: subcommands, action: nil)
    }

    private init(name: String, abstract: String, positionals: [Positional], options: [Option], exclusive: [[String]],
                 subcommands: [Command], action: Action?) {
        precondition(positionals.dropLast().allSatisfy { !$0.repeatable }, "\(name): only the last positional may repeat")
        self.name = name
        self.abstract = abstract
        self.positionals = positionals
        self.options = options
        self.exclusive = exclusive
        self.subcommands = subcommands
        self.action = action
    }

    public func subcommand(_ name: String) -> Command? { subcommands.first { $0.name == name } }

    /// Every command with an action at or below this one, each with the path from here.
    var leaves: [[Command]] {
        subcommands.isEmpty ? [[self]] : subcommands.flatMap { sub in sub.leaves.map { [self] + $0 } }
    }
}
