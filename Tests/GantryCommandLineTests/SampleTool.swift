@testable import GantryCommandLine

/// A small tool declared as gantry's commands are: a leaf with every kind of option, and a group
/// whose option its subcommand shares.
enum SampleTool {
    static let tool = CommandLineTool(name: "tool", abstract: "a tool to test with", version: "1.2.3", commands: [
        Command("build", abstract: "build the targets",
                positionals: [Positional("TARGET", help: "what to build (default: everything)", repeatable: true, optional: true)],
                options: [
                    .value("file", "F", help: "the build file", completion: .file),
                    .value("ref", "R", help: "build this branch"),
                    .value("tag", "T", help: "build this tag"),
                    .value("variable", "K=V", help: "a variable for the build", repeatable: true),
                    .flag("keep", help: "keep the workspace"),
                ],
                exclusive: [["ref", "tag"]], action: { _ in 0 }),
        Command("remote", abstract: "the remotes", options: [.value("data", "DIR", help: "where remotes are kept", completion: .directory)],
                subcommands: [
                    Command("add", abstract: "add a remote", positionals: [Positional("NAME", help: "its name")],
                            options: [.value("url", "URL", help: "its address", required: true),
                                      .value("mode", "M", help: "how to reach it", completion: .choices(["fetch", "push"]))],
                            action: { _ in 0 }),
                ]),
    ])

    /// What the command was given; nil (and a recorded issue by the caller) when it was not run.
    static func arguments(_ args: [String]) -> Arguments? {
        if case .run(_, let arguments) = tool.respond(to: args) { return arguments }
        return nil
    }

    /// The text on stderr, or nil when the tool did not refuse.
    static func failure(_ args: [String]) -> String? {
        if case .failure(let text, let status) = tool.respond(to: args), status == 2 { return text }
        return nil
    }

    /// The text on stdout, or nil when the tool did not answer itself.
    static func output(_ args: [String]) -> String? {
        if case .output(let text) = tool.respond(to: args) { return text }
        return nil
    }
}
