/// The command tree flattened for completion scripts: each command gets a shell-safe id
/// (`gantry_runner_register`), the options it accepts (its own and its groups'), and the words
/// its positionals may take. The three scripts walk the typed words with the same rules as
/// `ArgumentParser`: a subcommand word descends, an option with a value skips the next word.
struct CompletionTree {
    struct Node {
        let id: String
        let command: Command
        let options: [Option]
        var valued: [Option] { options.filter { !$0.isFlag } }
    }

    /// A `case` pattern for `"$command --option"`: any command when every command that has the
    /// option is meant (the pattern `* --file`), else the one command.
    struct Pattern {
        let anyCommand: Bool
        let id: String
        let option: String
    }

    let root: Command
    let nodes: [Node]

    init(_ root: Command) {
        self.root = root
        var nodes: [Node] = []
        func walk(_ command: Command, id: String, inherited: [Option]) {
            let options = inherited + command.options
            nodes.append(Node(id: id, command: command, options: options))
            for sub in command.subcommands { walk(sub, id: id + "_" + sub.name, inherited: options) }
        }
        walk(root, id: root.name, inherited: [])
        self.nodes = nodes
    }

    /// `(node id, word, child id)` for every subcommand word.
    var descents: [(from: String, word: String, to: String)] {
        nodes.flatMap { node in node.command.subcommands.map { (node.id, $0.name, node.id + "_" + $0.name) } }
    }

    /// The words a positional offers: fixed choices or the tool's command names.
    func words(for completion: ValueCompletion) -> [String] {
        switch completion {
        case .choices(let words): return words
        case .commandNames: return root.subcommands.map(\.name)
        case .none, .file, .directory: return []
        }
    }

    /// `(node id, option)` for every option that takes a value.
    var valuedOptions: [(id: String, option: Option)] {
        nodes.flatMap { node in node.valued.map { (node.id, $0) } }
    }

    /// The patterns matching these (command, option) pairs, as few as the declarations allow.
    func patterns(_ entries: [(id: String, option: Option)]) -> [Pattern] {
        var out: [Pattern] = []
        var covered: Set<String> = []
        for entry in entries where !covered.contains(entry.option.name) {
            let declaring = Set(nodes.filter { $0.options.contains { $0.name == entry.option.name } }.map(\.id))
            let listed = Set(entries.filter { $0.option.name == entry.option.name }.map(\.id))
            if declaring == listed {
                out.append(Pattern(anyCommand: true, id: "*", option: entry.option.name))
                covered.insert(entry.option.name)
            } else {
                out.append(Pattern(anyCommand: false, id: entry.id, option: entry.option.name))
            }
        }
        return out
    }

    /// The valued options grouped by what completes their value, in a stable order.
    func byCompletion<Reply: Hashable & Comparable>(_ reply: (ValueCompletion) -> Reply) -> [(reply: Reply, patterns: [Pattern])] {
        Dictionary(grouping: valuedOptions, by: { reply($0.option.completion) })
            .sorted { $0.key < $1.key }
            .map { ($0.key, patterns($0.value)) }
    }

    /// The function name prefix the scripts use, from the tool's name (`gantry`, `my-tool` → `my_tool`).
    var functionName: String {
        "_" + String(root.name.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
