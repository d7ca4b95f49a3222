import Foundation
import GantrySuggestion

/// A command-line tool made of declared commands: it parses argv, answers `--help`, `-h`,
/// `help COMMAND`, `--version`, `version` and `completion SHELL` itself, and runs the chosen
/// command's action. Usage mistakes exit 2 with the command's usage.
public struct CommandLineTool: Sendable {
    public let root: Command
    public let version: String

    /// What the tool does with one argv, before any command runs.
    public enum Response {
        /// Printed on stdout; exit 0.
        case output(String)
        /// Printed on stderr; exit with `status`.
        case failure(String, status: Int32)
        /// Run this command (the last of `path`) with what it was given.
        case run(path: [Command], arguments: Arguments)
    }

    public init(name: String, abstract: String, version: String, commands: [Command]) {
        // Answered by `respond`, never run: they need the whole tool.
        let answered: Command.Action = { _ in preconditionFailure("answered by CommandLineTool.respond") }
        let builtIns = [
            Command("help", abstract: "show the help of \(name) or of a command",
                    positionals: [Positional("COMMAND", help: "a command, and a subcommand of it", repeatable: true, optional: true,
                                             completion: .commandNames)],
                    action: answered),
            Command("completion", abstract: "print a shell completion script: source <(\(name) completion bash)",
                    positionals: [Positional("SHELL", help: "bash, zsh or fish", completion: .choices(["bash", "zsh", "fish"]))],
                    action: answered),
            Command("version", abstract: "print \(name)'s version", action: answered),
        ]
        self.root = Command(name, abstract: abstract, subcommands: commands + builtIns)
        self.version = version
    }

    public func respond(to args: [String]) -> Response {
        guard let first = args.first else { return .failure(HelpText.page([root]), status: 2) }
        if first == "--version" { return .output("\(root.name) \(version)") }
        let path: [Command], arguments: Arguments
        do {
            switch try ArgumentParser.parse(args, root: root) {
            case .help(let asked): return .output(HelpText.page(asked))
            case .run(let chosen, let given): (path, arguments) = (chosen, given)
            }
        } catch {
            return .failure(explain(error.error, for: error.path), status: 2)
        }
        switch arguments.commandPath {
        case ["version"]:
            return .output("\(root.name) \(version)")
        case ["help"]:
            var asked = [root]
            for word in arguments.positional {
                guard let sub = asked[asked.count - 1].subcommand(word) else {
                    let known = asked[asked.count - 1].subcommands.map(\.name)
                    let hint = Suggestion.closest(to: word, among: known).map { "; did you mean '\($0)'?" } ?? ""
                    return .failure(explain(Arguments.UsageError(description: "unknown command '\(word)'\(hint)"), for: path), status: 2)
                }
                asked.append(sub)
            }
            return .output(HelpText.page(asked))
        case ["completion"]:
            switch arguments.positional[0] {
            case "bash": return .output(BashCompletion.script(root))
            case "zsh": return .output(ZshCompletion.script(root))
            case "fish": return .output(FishCompletion.script(root))
            case let other:
                let error = Arguments.UsageError(description: "no completion for '\(other)'; give bash, zsh or fish")
                return .failure(explain(error, for: path), status: 2)
            }
        default:
            return .run(path: path, arguments: arguments)
        }
    }

    /// `gantry run: unknown option --flie; did you mean --file?`, the usage, and where the help is.
    public func explain(_ error: Arguments.UsageError, for path: [Command]) -> String {
        let title = path.map(\.name).joined(separator: " ")
        return "\(title): \(error.description)\n\(HelpText.usage(path))\nSee `\(title) --help`."
    }

    /// Answers, or runs the chosen command; returns the exit status.
    public func main(_ args: [String]) -> Int32 {
        switch respond(to: args) {
        case .output(let text):
            Output.out(text)
            return 0
        case .failure(let text, let status):
            Output.err(text)
            return status
        case .run(let path, let arguments):
            do {
                return try path[path.count - 1].action!(arguments)
            } catch {
                Output.err(explain(error, for: path))
                return 2
            }
        }
    }
}
