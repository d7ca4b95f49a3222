import Foundation
import GantryCommandLine
import GantryLint
import GantryPipeline

/// `gantry plan`: which jobs a pipeline for a ref, tag and source creates, as a table or JSON.
enum PlanCommand {
    static let command = Command(
        "plan", abstract: "which jobs a pipeline for a ref, tag and source creates",
        options: PipelineOptions.context + [.flag("json", help: "print the plan as JSON instead of a table")],
        exclusive: [PipelineOptions.refOrTag], action: run)

    static func run(_ options: Arguments) throws(Arguments.UsageError) -> Int32 {
        let file = try PipelineFile(options)
        let context = try PlanCommand.context(options, file)
        switch plan(file, context) {
        case .success(let plan):
            Output.out(options.flag("json") ? PlanOutput.json(plan).serialized() : PlanOutput.table(plan))
            return 0
        case .failure(let exit):
            return exit.code
        }
    }

    struct Exit: Error { let code: Int32 }

    /// Loads and plans the file for `context`, printing every finding; on failure, the exit
    /// code the commands share: 1 for an invalid configuration, 3 when nothing would run.
    static func plan(_ file: PipelineFile, _ context: PlanContext) -> Result<Plan, Exit> {
        guard let data = FileManager.default.contents(atPath: file.url.path) else {
            Output.err("\(file.displayPath):1:1: cannot read \(file.displayPath): no such file")
            return .failure(Exit(code: 1))
        }
        let (outcome, diagnostics) = PipelineBuild.plan(bytes: [UInt8](data), file: file.displayPath,
                                                        source: file.source, context: context, checks: PipelineLint.checks,
                                                        fetcher: file.fetcher)
        PipelineFile.report(diagnostics)
        switch outcome {
        case .planned(let plan):
            return .success(plan)
        case .noPipeline(let reason):
            Output.err(reason)
            // Job rules (not workflow rules) left every job out: say which options would bring some in.
            guard reason.hasPrefix("No stages / jobs") else { return .failure(Exit(code: 3)) }
            let exclusions = JobExclusion.explainAll(text: String(decoding: data, as: UTF8.self), file: file.displayPath,
                                                     source: file.source, context: context, fetcher: file.fetcher)
            var options: [String] = []
            for option in exclusions.filter({ !$0.excludedByNever }).flatMap(\.options) where !options.contains(option) {
                options.append(option)
            }
            if !options.isEmpty {
                Output.err("To plan a pipeline these rules accept, give what they read: \(options.joined(separator: ", "))")
            }
            return .failure(Exit(code: 3))
        case .invalid(let errors):
            // Loading errors were reported with the diagnostics; planning errors are new.
            if !diagnostics.hasErrors { for e in errors { Output.err(e) } }
            return .failure(Exit(code: 1))
        }
    }

    /// The ref, source and project a plan is for, from the options and the git checkout.
    static func context(_ options: Arguments, _ file: PipelineFile) throws(Arguments.UsageError) -> PlanContext {
        // The current checkout, not the one around `--file`: `gantry plan --file ../ci/x.yml`
        // plans that file for the branch checked out here.
        let repo = file.checkout
        let facts = repo?.facts()
        let variables = try options.pairs("variable")
        let ref: String, kind: PlanContext.RefKind
        if let tag = options.value("tag") {
            ref = tag; kind = .tag
        } else if let branch = options.value("ref") ?? facts?.branch {
            ref = branch; kind = .branch
        } else if repo == nil {
            throw Arguments.UsageError(description: """
                no current branch: \(file.workingDirectory.path) is not inside a git checkout \
                (the branch comes from the checkout gantry runs in\(options.value("file") == nil ? "" : ", not from --file's folder")): \
                pass --ref BRANCH or --tag TAG, or run gantry inside the checkout
                """)
        } else {
            throw Arguments.UsageError(description: "no current branch: HEAD is detached in \(repo!.root.path): pass --ref BRANCH or --tag TAG")
        }
        let projectPath = facts?.projectPath ?? "local/\(file.root.lastPathComponent)"
        return PlanContext(
            ref: ref, refKind: kind, source: options.value("source") ?? "push",
            defaultBranch: options.value("default-branch") ?? facts?.defaultBranch ?? "main",
            projectPath: projectPath,
            commitSHA: facts?.headSHA ?? String(repeating: "0", count: 40),
            commitMessage: facts?.headMessage ?? "",
            serverURL: IncludeOptions.serverURL(options) ?? "http://localhost",
            pipelineVariables: variables)
    }
}
