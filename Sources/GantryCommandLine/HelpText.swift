/// Usage lines and help pages generated from command declarations.
enum HelpText {
    /// `gantry admin [--data DIR] user create NAME [--email E] [--admin]`, one per command with an
    /// action at or below `path`'s last, each wrapped at `TextColumns.width`.
    static func usage(_ path: [Command]) -> String {
        if path.count == 1 { return "usage: \(path[0].name) [--version | --help] COMMAND [ARGUMENT...]" }
        let leaves = path[path.count - 1].leaves.map { Array(path.dropLast()) + $0 }
        return leaves.enumerated().map { index, leaf in
            usageLine(leaf, head: index == 0 ? "usage: " : "       ")
        }.joined(separator: "\n")
    }

    private static func usageLine(_ path: [Command], head: String) -> String {
        var words: [String] = []
        for (index, command) in path.dropLast().enumerated() {
            words.append(command.name)
            if index > 0 { words += optionWords(command) }
        }
        let leaf = path[path.count - 1]
        let start = head + (words + [leaf.name]).joined(separator: " ")
        return TextColumns.wrap(leaf.positionals.map(\.usage) + optionWords(leaf), after: start, indent: start.count + 1)
    }

    /// `[--file F]`, `--url URL`, `[--tag T]...`, `[--ref R | --tag T]`, in declared order.
    private static func optionWords(_ command: Command) -> [String] {
        var words: [String] = []
        var shown: Set<String> = []
        for option in command.options where !shown.contains(option.name) {
            if let group = command.exclusive.first(where: { $0.contains(option.name) }) {
                let members = group.compactMap { name in command.options.first { $0.name == name } }
                words.append("[" + members.map(\.spelling).joined(separator: " | ") + "]")
                shown.formUnion(group)
            } else {
                let word = option.required ? option.spelling : "[\(option.spelling)]"
                words.append(option.repeatable ? word + "..." : word)
            }
        }
        return words
    }

    /// The page `gantry help COMMAND` and `gantry COMMAND --help` print.
    static func page(_ path: [Command]) -> String {
        let command = path[path.count - 1]
        let title = path.map(\.name).joined(separator: " ")
        var sections = ["\(title): \(command.abstract)", usage(path)]
        var rows: [[(left: String, help: String)]] = []
        if path.count == 1 {
            // The tool itself: every command it can run, and its own two options.
            rows.append(command.leaves.map { leaf in (leaf.map(\.name).joined(separator: " "), leaf[leaf.count - 1].abstract) })
            rows.append([("--version", "print \(command.name)'s version"), ("-h, --help", "show this help")])
        } else {
            if !command.positionals.isEmpty {
                rows.append(command.positionals.map { ($0.repeatable ? $0.name + "..." : $0.name, $0.help) })
            }
            if !command.subcommands.isEmpty {
                rows.append(command.subcommands.map { ($0.name, $0.abstract) })
            }
            // The options of the groups above are accepted here too (`--data` of `admin`).
            rows.append(path.dropFirst().flatMap(\.options).map { option in
                (option.spelling, option.help + (option.required ? " (required)" : "") + (option.repeatable ? " (repeatable)" : ""))
            } + [("-h, --help", "show this help")])
        }
        // One column for the whole page, so its sections line up.
        let all = rows.flatMap { $0 }
        let titles = path.count == 1 ? ["commands:", "options:"]
            : (command.positionals.isEmpty ? [] : ["arguments:"]) + (command.subcommands.isEmpty ? [] : ["commands:"]) + ["options:"]
        for (heading, section) in zip(titles, rows) {
            sections.append(heading + "\n" + TextColumns.rows(section, alignedWith: all))
        }
        if path.count == 1 {
            sections.append("`\(title) help COMMAND` or `\(title) COMMAND --help` shows a command's arguments and options.")
        } else if !command.subcommands.isEmpty {
            sections.append("`\(path[0].name) help \(path.dropFirst().map(\.name).joined(separator: " ")) COMMAND` shows a command's arguments and options.")
        }
        return sections.joined(separator: "\n\n")
    }
}
