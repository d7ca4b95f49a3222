import GantrySuggestion

/// Reads argv against a tree of declared commands: `--flag`, `--key value`, `--key=value`,
/// repeatable keys, positional words, subcommand words, `--` before words that start with a dash,
/// and `-h`/`--help` anywhere an option may stand.
struct ArgumentParser {
    enum Outcome {
        /// The chosen command (the last of `path`, which starts at the root) and what it was given.
        case run(path: [Command], arguments: Arguments)
        /// `--help` was asked for this command.
        case help(path: [Command])
    }

    /// A usage error together with the command it is about, whose usage the tool prints.
    struct Failure: Error {
        let path: [Command]
        let error: Arguments.UsageError
    }

    static func parse(_ args: [String], root: Command) throws(Failure) -> Outcome {
        var path = [root]
        var result = Arguments()
        func fail(_ message: String) -> Failure { Failure(path: path, error: Arguments.UsageError(description: message)) }

        var i = 0
        var wordsOnly = false
        while i < args.count {
            let arg = args[i]
            i += 1
            if !wordsOnly && arg == "--" {
                wordsOnly = true
                continue
            }
            if !wordsOnly && (arg == "--help" || arg == "-h") { return .help(path: path) }
            if !wordsOnly && arg.hasPrefix("-") && arg != "-" {
                // Options of the command and of the groups above it, which its subcommands share.
                let known = path.flatMap(\.options)
                let spelled = arg.hasPrefix("--") ? String(arg.dropFirst(2)) : String(arg.dropFirst())
                var name = spelled
                var value: String? = nil
                if arg.hasPrefix("--"), let eq = spelled.firstIndex(of: "=") {
                    value = String(spelled[spelled.index(after: eq)...])
                    name = String(spelled[..<eq])
                }
                guard arg.hasPrefix("--"), let option = known.first(where: { $0.name == name }) else {
                    let hint = Suggestion.closest(to: name, among: known.map(\.name) + ["help"]).map { "; did you mean --\($0)?" } ?? ""
                    throw fail("unknown option \(arg.hasPrefix("--") ? "--" + name : arg)\(hint)")
                }
                if option.isFlag {
                    guard value == nil else { throw fail("--\(name) takes no value") }
                    result.flags.insert(name)
                    continue
                }
                if value == nil {
                    guard i < args.count else { throw fail("--\(name) needs a value: \(option.spelling)") }
                    value = args[i]
                    i += 1
                }
                if option.repeatable {
                    result.values[name, default: []].append(value!)
                } else {
                    result.values[name] = [value!]
                }
                continue
            }
            let current = path[path.count - 1]
            if !current.subcommands.isEmpty {
                guard let sub = current.subcommand(arg) else {
                    let hint = Suggestion.closest(to: arg, among: current.subcommands.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                    throw fail("unknown command '\(arg)'\(hint)")
                }
                path.append(sub)
                result.commandPath.append(sub.name)
                continue
            }
            result.positional.append(arg)
        }

        let command = path[path.count - 1]
        if !command.subcommands.isEmpty {
            throw fail("which command? \(command.subcommands.map(\.name).joined(separator: ", "))")
        }
        if let problem = check(result.positional, against: command.positionals) { throw fail(problem) }
        let given = path.flatMap(\.options).filter { result.flags.contains($0.name) || result.values[$0.name] != nil }
        for option in path.flatMap(\.options) where option.required && !given.contains(where: { $0.name == option.name }) {
            throw fail("missing \(option.spelling)")
        }
        for group in command.exclusive {
            let chosen = group.filter { name in given.contains { $0.name == name } }
            guard chosen.count > 1 else { continue }
            let names = group.map { "--" + $0 }
            throw fail(names.count == 2 ? "give \(names[0]) or \(names[1]), not both" : "give one of \(names.joined(separator: ", "))")
        }
        return .run(path: path, arguments: result)
    }

    /// The complaint about too few or too many words, if any.
    private static func check(_ words: [String], against declared: [Positional]) -> String? {
        if let missing = declared.dropFirst(words.count).first(where: { !$0.optional }) {
            return "missing \(missing.name)"
        }
        if words.count > declared.count, declared.last?.repeatable != true {
            return "unexpected argument '\(words[declared.count])'"
        }
        return nil
    }
}
