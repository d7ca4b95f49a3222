import Foundation
import GantryCommandLine
import GantryPipeline
import GantryPython

/// `gantry init`: writes a short `.gitlab-ci.yml`
/// that includes the built-in template for the project's build system and sets only the variables
/// whose detected values differ from the template's defaults. Exit 0 when written; 1 when the
/// folder is not a Python project or already has a `.gitlab-ci.yml` (without `--force`).
enum InitCommand {
    static let command = Command(
        "init", abstract: "write a .gitlab-ci.yml for this Python project from a template",
        options: [
            .flag("poetry", help: "a Poetry project (the Poetry template), whatever its files say"),
            .flag("setuptools", help: "a setuptools project (the Python-Package template), whatever its files say"),
            .flag("uv", help: "a uv project (the Python-Package template), whatever its files say"),
            .flag("force", help: "replace an existing .gitlab-ci.yml"),
            .value("dir", "D", help: "the project's folder (default: the current folder)", completion: .directory),
        ],
        exclusive: [["poetry", "setuptools", "uv"]], action: run)

    static func run(_ options: Arguments) throws(Arguments.UsageError) -> Int32 {
        let forced = ["poetry", "setuptools", "uv"].filter(options.flag)
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let root = options.value("dir").map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL } ?? cwd
        let shown = PipelineFile.relative(root.path, to: cwd.path)

        let project: PythonProject
        do {
            project = try ProjectDetector.detect(in: root, forced: forced.first)
        } catch {
            Output.err("gantry init: \(error.description)")
            return 1
        }
        let target = root.appendingPathComponent(".gitlab-ci.yml")
        let existed = FileManager.default.fileExists(atPath: target.path)
        if existed && !options.flag("force") {
            Output.err("gantry init: \(PipelineFile.relative(target.path, to: cwd.path)) already exists; pass --force to replace it")
            return 1
        }

        let text = pipeline(for: project)
        do {
            try text.write(to: target, atomically: true, encoding: .utf8)
        } catch {
            Output.err("gantry init: cannot write \(target.path): \(error.localizedDescription)")
            return 1
        }
        Output.out(report(project, directory: shown, replaced: existed))
        return 0
    }

    /// Variables that differ from the template's defaults, with why each was chosen.
    static func variables(for project: PythonProject) -> [(name: String, value: String, why: String)] {
        var out: [(String, String, String)] = []
        if let source = project.sourceDir, source != PythonTemplateDefaults.sourceDir {
            out.append(("SOURCE_DIR", source, "the package folder (flat layout)"))
        }
        if let tests = project.testDir, tests != PythonTemplateDefaults.testDir {
            out.append(("TEST_DIR", tests, "the tests folder"))
        }
        if project.testRunner != PythonTemplateDefaults.testRunner {
            out.append(("TEST_RUNNER", project.testRunner, project.testRunnerReason))
        }
        if project.dynamicVersion {
            out.append(("VERSION_STAMP_DISABLED", "true", "the version is dynamic in pyproject.toml"))
        }
        return out
    }

    /// The `.gitlab-ci.yml` text.
    static func pipeline(for project: PythonProject) -> String {
        let name = project.name.map { " \($0)" } ?? ""
        var text = """
        # CI/CD for\(name) (\(project.buildSystem)), written by `gantry init`.
        # The jobs come from Gantry's built-in template: build, tests, lint, and publish for
        # release tags (v1.2.3). Its variables and jobs are described in Gantry's
        # docs/templates.md; set a variable or redefine a job below to change it.
        include:
          - template: \(project.template.rawValue)

        """
        let vars = variables(for: project)
        if !vars.isEmpty {
            text += "\nvariables:\n"
            for v in vars {
                text += "  \(v.name): \(quoted(v.value))  # \(v.why)\n"
            }
        }
        return text
    }

    /// A YAML double-quoted scalar, so that no value is retyped (`on`, `1.10`).
    static func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func report(_ p: PythonProject, directory: String, replaced: Bool) -> String {
        var lines = ["Python project\(p.name.map { " \($0)" } ?? "") in \(directory):"]
        func row(_ label: String, _ value: String) { lines.append("  " + label.padding(toLength: 14, withPad: " ", startingAt: 0) + value) }
        row("build system", "\(p.buildSystem) (\(p.buildSystemReason))")
        row("template", p.template.rawValue)
        row("source", p.packagePath.map { "\($0) (SOURCE_DIR \(p.sourceDir ?? "src"))" } ?? "not found")
        row("tests", p.testDir.map { "\($0)/" } ?? "not found")
        row("test runner", "\(p.testRunner) (\(p.testRunnerReason))")
        if p.template == .poetry {
            row("index", p.poetrySources.isEmpty ? "Poetry's default (PyPI); no [[tool.poetry.source]]" : p.poetrySources.joined(separator: ", "))
        }
        for note in p.notes { lines.append("  note: \(note)") }
        let vars = variables(for: p)
        lines.append("\(replaced ? "Replaced" : "Wrote") .gitlab-ci.yml: include \(p.template.rawValue)"
                     + (vars.isEmpty ? " with its defaults" : " with " + vars.map { "\($0.name)=\($0.value)" }.joined(separator: " ")))
        lines.append("Next: commit it, then `gantry run` runs the pipeline here.")
        return lines.joined(separator: "\n")
    }
}
