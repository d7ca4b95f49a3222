import Foundation
import GantryCommandLine
import GantryRunnerProtocol
import GantryServer

/// `gantry`: one small file per command under Commands/, each declaring its arguments and options;
/// GantryCommandLine parses, answers help, version and completion, and runs the chosen command.
let gantry = CommandLineTool(
    name: "gantry", abstract: "GitLab-CI-compatible pipelines for Python projects", version: GantryVersion.current,
    commands: [LintCommand.command, ConfigCommand.command, PlanCommand.command, RunCommand.command, PythonCommand.command,
               InitCommand.command, ServerCommand.command, RunnerCommand.command, AdminCommand.command,
               PipelinesCommand.command, SigstoreCommand.command])

exit(gantry.main(Array(CommandLine.arguments.dropFirst())))
