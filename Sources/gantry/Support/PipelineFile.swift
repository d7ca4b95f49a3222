import Foundation
import GantryCommandLine
import GantryExecution
import GantryLint
import GantryPipeline

/// The `.gitlab-ci.yml` a command works on and the project around it: `--file F`, or the file at
/// the top of the current git checkout (or current directory).
struct PipelineFile {
    /// The path as the user wrote it (used in messages).
    let displayPath: String
    let url: URL
    /// Project root: the git checkout holding the file, else the file's directory.
    let root: URL
    /// The checkout gantry runs in (around the current folder): the branch, commit and project a
    /// plan is for come from here, also for a `--file` kept elsewhere.
    let checkout: GitCheckout?
    /// The folder gantry runs in, to name it when it is no checkout.
    let workingDirectory: URL
    /// Reads the files of `include: project/component/template/remote` (see `IncludeOptions`).
    var fetcher: (any IncludeFetcher)?

    /// `--file` and the include options of a command.
    init(_ options: Arguments) throws(Arguments.UsageError) {
        self.init(option: options.value("file"))
        fetcher = try IncludeOptions.fetcher(options)
    }

    init(option: String?) {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        workingDirectory = cwd
        checkout = GitCheckout.containing(cwd)
        if let option {
            displayPath = option
            url = URL(fileURLWithPath: option, relativeTo: cwd).standardizedFileURL
        } else {
            let top = checkout?.root ?? cwd
            url = top.appendingPathComponent(".gitlab-ci.yml")
            displayPath = PipelineFile.relative(url.path, to: cwd.path)
        }
        let directory = url.deletingLastPathComponent()
        let repo = GitCheckout.containing(directory)
        // A pipeline file that is not at the top of its checkout (an example, a fixture) is the
        // root of its own project, as it would be once pushed on its own.
        if let repo, repo.root.standardizedFileURL.path == directory.standardizedFileURL.path {
            root = repo.root
        } else {
            root = directory
        }
    }

    var source: DirectorySource {
        let cwd = FileManager.default.currentDirectoryPath
        return DirectorySource(root: root, displayRoot: PipelineFile.relative(root.path, to: cwd))
    }

    static func relative(_ path: String, to base: String) -> String {
        if path == base { return "." }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// Loads the file with GantryLint's checks; `variables` feed `include:` paths and rules.
    func load(variables: [String: String] = [:]) -> LoadResult {
        let loader = ConfigLoader(source: source, variables: variables, checks: PipelineLint.checks, fetcher: fetcher)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            var d = Diagnostics()
            d.error(.init(file: displayPath, line: 1, column: 1), "cannot read \(displayPath): no such file")
            return LoadResult(config: nil, diagnostics: d)
        }
        return loader.load(bytes: [UInt8](data), file: displayPath)
    }

    /// What `include:` paths and rules see in `lint` and `config`: the predefined variables of a push
    /// pipeline for the branch checked out here (the default branch outside a checkout), as in `plan`.
    func lintVariables(_ options: Arguments) -> [String: String] {
        let context = (try? PlanCommand.context(options, self))
            ?? PlanContext(ref: "main", projectPath: "local/\(root.lastPathComponent)",
                           serverURL: IncludeOptions.serverURL(options) ?? "http://localhost")
        return PredefinedVariables.forIncludes(context)
    }

    /// Prints findings on stderr, each once, in file order.
    static func report(_ diagnostics: Diagnostics, errorsOnly: Bool = false) {
        var seen: Set<Diagnostic> = []
        for d in diagnostics.items where seen.insert(d).inserted {
            if errorsOnly && d.severity == .warning { continue }
            Output.err(d.description)
        }
    }
}
