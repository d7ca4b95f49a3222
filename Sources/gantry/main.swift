import Foundation

/// `gantry`: one small file per command under Commands/; this only dispatches.
let commands: [String: (usage: String, run: ([String]) throws(Arguments.UsageError) -> Int32)] = [
    "lint": (LintCommand.usage, LintCommand.run),
    "config": (ConfigCommand.usage, ConfigCommand.run),
    "plan": (PlanCommand.usage, PlanCommand.run),
    "run": (RunCommand.usage, RunCommand.run),
    "python": (PythonCommand.usage, PythonCommand.run),
    "init": (InitCommand.usage, InitCommand.run),
    "server": (ServerCommand.usage, ServerCommand.run),
    "runner": (RunnerCommand.usage, RunnerCommand.run),
    "admin": (AdminCommand.usage, AdminCommand.run),
]

let help = """
gantry: GitLab-CI-compatible pipelines for Python projects

  gantry lint [--file F]       check .gitlab-ci.yml; prints `valid` or every error as F:LINE:COL: message
  gantry config [--file F]     the fully merged configuration as JSON
  gantry plan [--file F] [--ref R | --tag T] [--source S] [--default-branch B] [--variable K=V]... [--json]
                               which jobs a pipeline for that ref creates
  gantry run [JOB...] [--file F] [--ref R | --tag T] [--variable K=V]... [--concurrency N] [--manual JOB]... [--needs] [--keep]
                               run the pipeline (or the named jobs) on this machine, each job in its own workspace
  gantry python version [--tag T] [--pipeline-id N] [--ref R] [--write] [--set-name NAME] [--set-homepage URL] [--project DIR]
                               the PEP 440 version this pipeline builds; --write stamps it into pyproject.toml
  gantry init [--poetry | --setuptools | --uv] [--force] [--dir D]
                               write a .gitlab-ci.yml for this Python project from a built-in template
  gantry server [--data DIR] [--listen HOST:PORT] [--url URL] [--runner] ...
                               projects, git over HTTP, pipelines on push, GitLab's v4 API and runner protocol
  gantry runner register --url URL --token TOKEN [--tag T]...   |   gantry runner run [--concurrent N]
                               a runner that takes jobs from a Gantry (or GitLab) server
  gantry admin [--data DIR] user|token|group|project create ...
                               users, tokens, groups and projects of a server's data directory
"""

var arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first else {
    Output.err(help)
    exit(2)
}
if name == "--help" || name == "-h" || name == "help" {
    Output.out(help)
    exit(0)
}
guard let command = commands[name] else {
    Output.err("gantry: unknown command '\(name)'\n\n\(help)")
    exit(2)
}
do {
    exit(try command.run(Array(arguments.dropFirst())))
} catch {
    Output.err("gantry \(name): \(error.description)\n\(command.usage)")
    exit(2)
}
