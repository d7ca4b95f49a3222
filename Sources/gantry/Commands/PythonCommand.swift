import Foundation
import GantryCommandLine
import GantryExecution
import GantryPython

/// `gantry python version`: the PEP 440 version a pipeline builds, stamped into the project with `--write`.
enum PythonCommand {
    static let command = Command("python", abstract: "the Python toolkit for pipelines", subcommands: [
        Command("version", abstract: "the pipeline's PEP 440 version; --write stamps it into pyproject.toml", options: [
            .value("tag", "T", help: "the release tag (default: CI_COMMIT_TAG, unless --ref is given)"),
            .value("pipeline-id", "N", help: "the pipeline id (default: CI_PIPELINE_ID, else 0: a local build)"),
            .value("ref", "R", help: "the branch (default: CI_COMMIT_REF_NAME, else the checked-out branch)"),
            .flag("write", help: "stamp the version into pyproject.toml and the project's __version__ files"),
            .value("set-name", "NAME", help: "with --write: also set the project's name"),
            .value("set-homepage", "URL", help: "with --write: also set the project's Homepage URL"),
            .value("project", "DIR", help: "the project's folder (default: the current folder)", completion: .directory),
        ], action: version),
    ])

    static func version(_ options: Arguments) throws(Arguments.UsageError) -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        func given(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        let directory = options.value("project") ?? "."

        // Flags win over the pipeline's variables; an empty value (`--tag "$CI_COMMIT_TAG"` in a
        // branch pipeline) means "none". `--ref` alone describes a branch: CI_COMMIT_TAG is not read.
        let tag = options.value("tag") != nil ? given(options.value("tag"))
            : options.value("ref") == nil ? given(environment["CI_COMMIT_TAG"]) : nil

        var pipelineID: Int?
        if let text = given(options.value("pipeline-id")) ?? given(environment["CI_PIPELINE_ID"]) {
            guard let id = Int(text), id >= 0, text.allSatisfy(\.isASCII) else {
                throw Arguments.UsageError(description: "the pipeline id must be a number, got '\(text)'")
            }
            pipelineID = id
        }
        var name: ProjectName?
        if let spelling = options.value("set-name") {
            do {
                name = try ProjectName(validating: spelling)
            } catch {
                throw Arguments.UsageError(description: error.description)
            }
        }
        let homepage = options.value("set-homepage")
        if let homepage, !PyProject.isValidURL(homepage) {
            throw Arguments.UsageError(description: "--set-homepage takes a URL like https://gitlab.com/group/project, got '\(homepage)'")
        }

        if !options.flag("write") && (name != nil || homepage != nil) {
            throw Arguments.UsageError(description: "--set-name and --set-homepage change pyproject.toml: add --write")
        }
        // Outside a pipeline there is no pipeline id: this checkout's local build is `dev0`, and
        // the inputs are shown, since they were guessed rather than given.
        let localBuild = pipelineID == nil
        var request = VersionStamp.Request(tag: tag, pipelineID: pipelineID ?? 0, name: name, homepage: homepage,
                                           write: options.flag("write"), projectDirectory: directory)
        var refOrigin = "no ref: not given, no CI_COMMIT_REF_NAME, and no branch checked out"
        if tag == nil {
            if let ref = given(options.value("ref")) {
                (request.ref, refOrigin) = (ref, "ref \(ref) (--ref)")
            } else if let ref = given(environment["CI_COMMIT_REF_NAME"]) {
                (request.ref, refOrigin) = (ref, "ref \(ref) (CI_COMMIT_REF_NAME)")
            } else if let ref = GitCheckout.containing(URL(fileURLWithPath: directory))?.currentBranch {
                (request.ref, refOrigin) = (ref, "ref \(ref) (the checked-out branch)")
            }
        }
        do {
            let outcome = try VersionStamp.plan(request) {
                GitCheckout(root: URL(fileURLWithPath: directory)).tagsMergedIntoHead
            }
            let explained = localBuild && tag == nil
            if explained {
                Output.err("""
                    gantry python version: \(outcome.version), a local build of this checkout, from
                      pipeline id 0 (no --pipeline-id and no CI_PIPELINE_ID: not in a pipeline)
                      \(refOrigin)
                      \(outcome.origin)
                    """)
            }
            if request.write {
                try VersionStamp.write(outcome.updates)
                if !explained { Output.err("gantry python version: \(outcome.version) from \(outcome.origin)") }
                let notes = outcome.updates.flatMap(\.notes)
                for note in notes { Output.err("  \(note)") }
                if notes.isEmpty { Output.err("  the project files already state \(outcome.version)") }
            }
            Output.out(outcome.version.description)
            return 0
        } catch {
            Output.err("gantry python version: \(error.description)")
            return 1
        }
    }
}
