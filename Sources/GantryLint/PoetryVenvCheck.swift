import Foundation
import GantryPipeline
import GantryYAML

/// Check 5: a job caches `.venv` and runs Poetry, but Poetry is never told to keep its
/// environment in the project (`poetry config virtualenvs.in-project true`). Poetry then creates
/// it under `~/.cache/pypoetry/virtualenvs`, outside the project: the cache saves nothing and
/// every pipeline installs from scratch.
enum PoetryVenvCheck {
    /// Poetry subcommands that create or use the project's environment.
    static let envCommands: Set<String> = ["install", "sync", "run", "shell", "add", "remove", "update"]
    static let truthy: Set<String> = ["true", "1", "yes", "on", "True"]

    /// Records what one command says about Poetry's environment.
    static func note(command: ShellCommandLine.Command, program: [ShellCommandLine.Word], words: [String],
                     name: String, into facts: inout ScriptFacts) {
        let offset = program.first?.offset ?? command.offset
        // POETRY_VIRTUALENVS_IN_PROJECT=true poetry install / export POETRY_VIRTUALENVS_IN_PROJECT=true
        for word in command.words where word.text.hasPrefix("POETRY_VIRTUALENVS_IN_PROJECT=") {
            if truthy.contains(String(word.text.dropFirst("POETRY_VIRTUALENVS_IN_PROJECT=".count))) {
                facts.inProject = facts.inProject ?? offset
            }
        }
        if name == "poetry" {
            var i = 1
            while i < words.count, words[i].hasPrefix("-") {
                if ["-C", "--directory", "-P", "--project"].contains(words[i]) { i += 1 }
                i += 1
            }
            guard i < words.count else { return }
            let sub = words[i]
            if sub == "config" {
                let rest = words[(i + 1)...].filter { !$0.hasPrefix("-") }
                if rest.first == "virtualenvs.in-project", rest.count > 1, truthy.contains(rest[rest.startIndex + 1]) {
                    facts.inProject = facts.inProject ?? offset
                }
            } else if envCommands.contains(sub) || (sub == "env" && words.dropFirst(i + 1).first == "use"),
                      facts.poetryEnvUse == nil {
                facts.poetryEnvUse = (offset, "poetry \(sub)")
            }
            return
        }
        // python -m venv .venv, virtualenv .venv, uv venv (.venv by default)
        let tool = name
        guard tool == "virtualenv" || tool == "uv" || ToolInvocation.isPython(tool) else { return }
        var target: String? = nil
        if ToolInvocation.isPython(tool), let m = words.firstIndex(of: "-m"), m + 1 < words.count,
           words[m + 1] == "venv" || words[m + 1] == "virtualenv" {
            target = words[(m + 2)...].first { !$0.hasPrefix("-") }
        } else if tool == "virtualenv" {
            target = words.dropFirst().first { !$0.hasPrefix("-") }
        } else if tool == "uv", words.count > 1, words[1] == "venv" {
            target = words.dropFirst(2).first { !$0.hasPrefix("-") } ?? ".venv"
        }
        if let target {
            var t = Substring(target)
            for prefix in ["$CI_PROJECT_DIR/", "${CI_PROJECT_DIR}/", "./"] where t.hasPrefix(prefix) { t = t.dropFirst(prefix.count) }
            if t.hasSuffix("/") { t = t.dropLast() }
            if t == ".venv" { facts.createsVenv = true }
        }
    }

    /// The warning for a job that caches `.venv` (at `cacheMark`), if Poetry's environment ends up elsewhere.
    static func problem(job: JobConfig, items: [(ScriptItem, ScriptFacts)], cacheMark: SourceMark,
                        globals: [String: VariableDefinition]) -> (SourceMark, String)? {
        // Positions in run order: (entry, byte offset in the entry).
        var firstUse: (index: Int, offset: Int, command: String)? = nil
        var setAt: (index: Int, offset: Int)? = nil
        for (index, (item, facts)) in items.enumerated() where item.section != "after_script" {
            if facts.createsVenv { return nil }
            if setAt == nil, let offset = facts.inProject { setAt = (index, offset) }
            if firstUse == nil, let use = facts.poetryEnvUse { firstUse = (index, use.offset, use.command) }
        }
        guard let use = firstUse else { return nil }
        let useItem = items[use.index].0, useOffset = use.offset, command = use.command
        if variableSetsInProject(job: job, globals: globals) { return nil }
        let where_ = cacheMark.file == useItem.node.mark.file ? "line \(cacheMark.line)" : "\(cacheMark)"
        let consequence = "Poetry creates the environment under `~/.cache/pypoetry/virtualenvs`, outside the project, "
            + "so the `.venv` cache stays empty and every pipeline installs from scratch"
        if let set = setAt, (set.index, set.offset) < (use.index, use.offset) { return nil }
        if let set = setAt {
            let setMark = items[set.index].0.mark(at: set.offset)
            return (useItem.mark(at: useOffset),
                    "`\(command)` runs before `poetry config virtualenvs.in-project true` (line \(setMark.line)) in a job "
                    + "that caches `.venv` (\(where_)): by then \(consequence). Move the `poetry config` line before "
                    + "the first Poetry command (or set `POETRY_VIRTUALENVS_IN_PROJECT: \"true\"` in `variables:`)")
        }
        return (useItem.mark(at: useOffset),
                "`\(command)` runs in a job that caches `.venv` (\(where_)), but nothing sets "
                + "`poetry config virtualenvs.in-project true`: \(consequence). Run `poetry config virtualenvs.in-project "
                + "true` before it in `before_script`, or set `POETRY_VIRTUALENVS_IN_PROJECT: \"true\"` in `variables:`")
    }

    static func variableSetsInProject(job: JobConfig, globals: [String: VariableDefinition]) -> Bool {
        if let v = job.variables.last(where: { $0.name == "POETRY_VIRTUALENVS_IN_PROJECT" }) { return truthy.contains(v.value) }
        guard job.inheritedVariables.allows("POETRY_VIRTUALENVS_IN_PROJECT"),
              let v = globals["POETRY_VIRTUALENVS_IN_PROJECT"] else { return false }
        return truthy.contains(v.value)
    }

    /// A project `poetry.toml` with `[virtualenvs] in-project = true` does what the config command does.
    static func poetryTomlSetsInProject(_ lines: [Substring]) -> Bool {
        var table = ""
        for line in lines {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("[") { table = t; continue }
            let squeezed = t.replacingOccurrences(of: " ", with: "").lowercased()
            if table == "[virtualenvs]" && squeezed.hasPrefix("in-project=true") { return true }
            if squeezed.hasPrefix("virtualenvs.in-project=true") { return true }
        }
        return false
    }
}
